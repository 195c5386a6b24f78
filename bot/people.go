package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

// groupCache remembers the members of user groups for a short while, so a
// burst of clicks costs one usergroups.users.list per group.
type groupCache struct {
	api   *slack.Client
	ttl   time.Duration
	clock deploy.Clock

	mu      sync.Mutex
	entries map[string]groupEntry
}

type groupEntry struct {
	members []string
	fetched time.Time
}

func newGroupCache(api *slack.Client, ttl time.Duration, clock deploy.Clock) *groupCache {
	return &groupCache{api: api, ttl: ttl, clock: clock, entries: map[string]groupEntry{}}
}

// members returns the user IDs in group, from the cache when fresh. It
// returns Slack's error when the group can't be read.
func (c *groupCache) members(ctx context.Context, group string) ([]string, error) {
	now := c.clock.Now()
	c.mu.Lock()
	e, ok := c.entries[group]
	c.mu.Unlock()
	if ok && now.Sub(e.fetched) < c.ttl {
		return e.members, nil
	}
	users, err := c.api.GetUserGroupMembersContext(ctx, group)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.entries[group] = groupEntry{members: users, fetched: now}
	c.mu.Unlock()
	return users, nil
}

// configuredGroups lists every user-group ID (S…) named as an approver or
// promoter of any environment, each once.
func configuredGroups(cfg *config.Config) []string {
	var out []string
	for _, e := range cfg.Environments {
		for _, id := range slices.Concat(e.Approvers, e.Promoters) {
			if strings.HasPrefix(id, "S") && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// person returns who user is for the engine's permission checks: the
// user ID and the configured groups they belong to. A group that can't be
// read is logged and left out, so the person has fewer rights, never more.
func (b *Bot) person(ctx context.Context, user string) deploy.Person {
	p := deploy.Person{ID: user}
	for _, g := range configuredGroups(b.cfg) {
		members, err := b.groups.members(ctx, g)
		if err != nil {
			b.log.Warn("reading user group failed; treating the person as not a member",
				"group", g, "err", err)
			continue
		}
		if slices.Contains(members, user) {
			p.Groups = append(p.Groups, g)
		}
	}
	return p
}

// msgForeignTeam answers people from another workspace (a shared channel).
const msgForeignTeam = "deploybot takes commands and clicks only from people in its own workspace; nothing was changed."

// refuseForeign refuses w when it comes from another workspace (a shared
// channel): it audits the refusal, answers msgForeignTeam and reports
// true. runJob asks it before running a command or a click.
func (b *Bot) refuseForeign(ctx context.Context, w work) bool {
	if !b.foreignTeam(w.Team) {
		return false
	}
	b.refuseCheap(ctx, w, "foreign workspace "+w.Team)
	b.reply(ctx, w.replyTo(), msgForeignTeam)
	return true
}

// foreignTeam reports whether team is set and is not the bot's workspace.
func (b *Bot) foreignTeam(team string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return team != "" && b.teamID != "" && team != b.teamID
}
