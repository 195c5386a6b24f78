package bot

import (
	"context"

	"github.com/deploybot/deploybot/deploy"
)

// Person returns who Slack user id is for the permission and approval
// checks outside Slack (a GitHub reviewer, a person on the command
// line): the ID with the configured user groups (S…) they belong to, from
// usergroups.users.list, cached. A group that can't be read is logged and
// left out, so the person has fewer rights, never more; it never fails.
// It is a deploy.PersonLookup.
func (b *Bot) Person(ctx context.Context, id string) deploy.Person {
	return b.person(ctx, id)
}
