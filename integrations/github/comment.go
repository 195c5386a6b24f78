package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
)

// CommentChange adds body (Markdown) as a comment on the pull request, so
// people on GitHub see the approval ledger deploybot keeps. It is not
// repeated after a failure that may have taken effect (a duplicate comment
// is worse than a missing one; the channel has the same news). It returns
// the errors fail describes.
func (c *Client) CommentChange(ctx context.Context, pr deploy.PullRequest, body string) error {
	_, _, err := c.gh.Issues.CreateComment(ctx, c.owner, c.name, pr.Number, &gh.IssueComment{Body: gh.String(body)})
	if err != nil {
		return c.fail(err, op{what: fmt.Sprintf("comment on pull request #%d", pr.Number), perm: permPullsWrite})
	}
	return nil
}

var _ deploy.Commenter = (*Client)(nil)
