package github

import (
	"context"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy/fault"
)

// Compare statuses that mean the base is in the head's history.
const (
	compareAhead     = "ahead"
	compareIdentical = "identical"
)

// IsAncestor reports whether commit descendant of the config repo is
// ancestor or has it in its history, with one request (GET
// compare/{ancestor}...{descendant}: "ahead" or "identical" is true,
// "behind" or "diverged" false; one commit per page keeps the answer
// small). A positive answer is cached per pair, since history never
// changes; a negative one is rare (another branch, a force push) and
// asked again. It returns a
// *deploy.Error with CodeNotFound when either commit does not exist or
// the two share no history, and the errors fail describes otherwise.
func (c *Client) IsAncestor(ctx context.Context, ancestor, descendant string) (bool, error) {
	if ancestor == "" || descendant == "" {
		return false, fault.Errorf(fault.CodeInvalid, "IsAncestor needs two commits (got %q and %q)", ancestor, descendant)
	}
	if strings.EqualFold(ancestor, descendant) {
		return true, nil
	}
	if c.cache.isAncestor(ancestor, descendant) {
		return true, nil
	}
	cmp, err := c.compare(ctx, c.owner, c.name, ancestor, descendant, &gh.ListOptions{PerPage: 1})
	if err != nil {
		return false, err
	}
	switch cmp.GetStatus() {
	case compareAhead, compareIdentical:
		c.cache.setAncestor(ancestor, descendant)
		return true, nil
	}
	return false, nil
}
