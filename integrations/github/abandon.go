package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
)

// Abandon closes the pull request if it is open and deletes its branch,
// with two requests (PATCH pulls/{n}, DELETE git/refs/heads/{branch}). A
// pull request or branch that is already gone is fine. It returns the
// *deploy.Error fail describes when GitHub refuses.
func (c *Client) Abandon(ctx context.Context, pr deploy.PullRequest) error {
	return c.abandon(ctx, c.gh, pr.Number, pr.Branch)
}

// abandon closes pull request number (when not 0) and deletes branch
// (when not "") through client.
func (c *Client) abandon(ctx context.Context, client *gh.Client, number int, branch string) error {
	if number > 0 {
		_, _, err := client.PullRequests.Edit(ctx, c.owner, c.name, number, &gh.PullRequest{State: gh.String("closed")})
		if err != nil && statusCode(err) != http.StatusNotFound {
			return c.fail(err, op{what: fmt.Sprintf("close pull request #%d", number), perm: permPullsWrite})
		}
	}
	if branch == "" || branch == c.base {
		return nil
	}
	_, err := client.Git.DeleteRef(ctx, c.owner, c.name, "heads/"+branch)
	switch {
	case statusCode(err) == http.StatusNotFound,
		statusCode(err) == http.StatusUnprocessableEntity && hasMessage(err, "does not exist"): // already deleted
		return nil
	case err != nil:
		return c.fail(err, op{what: "delete the branch " + branch, perm: permContentsWrite})
	}
	return nil
}
