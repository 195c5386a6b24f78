package deploy

import (
	"context"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
)

// PersonLookup returns who Slack user id is for the approval checks: the
// ID with the user groups (S…) they belong to. The engine calls it for a
// GitHub reviewer, whom it knows only by the Slack ID Config.People maps
// their login to. A group that can't be read should be left out, so the
// person has fewer rights, never more.
type PersonLookup func(ctx context.Context, id string) Person

// reviewer joins a GitHub reviewer's login to a Slack user through
// Config.People and says why their review of p can't count; "" when it
// can. An unmapped login, the requester, the original PR's author (when
// env.ApproverNotAuthor) and someone not in env.Approvers can't count.
func (e *Engine) reviewer(ctx context.Context, env config.Environment, p Promotion, login string) (by, notCounted string) {
	id, ok := e.cfg.SlackIDOf(login)
	if !ok {
		return "", "not in people:, so deploybot can't tell who it is"
	}
	person := Person{ID: id, GitHubLogin: login}
	if e.people != nil {
		if looked := e.people(ctx, id); looked.ID == id {
			person.Groups = looked.Groups
		}
	}
	switch {
	case id == p.Requester || strings.EqualFold(login, p.Requester):
		return id, "the requester can't approve their own " + promotionNoun(p.Kind)
	case isOriginAuthor(env, p, person):
		return id, "wrote the original pull request behind " + string(p.Version)
	case len(env.Approvers) > 0 && !person.memberOf(env.Approvers):
		return id, "not an approver of " + env.Name
	}
	return id, ""
}
