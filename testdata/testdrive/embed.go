// Package testdrive holds the seed of the testdrive and the end-to-end
// tests: the sample GitOps repository acme/gitops in repo/ and the
// deploybot.yaml template for the stand-ins.
package testdrive

import "embed"

// Files holds repo/ and deploybot.yaml.
//
//go:embed repo deploybot.yaml
var Files embed.FS
