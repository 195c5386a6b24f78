package bot

import "github.com/deploybot/deploybot/deploy"

// The real engine is what the bot drives.
var _ Engine = (*deploy.Engine)(nil)
