package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// openPull opens the pull request for a branch this call made (or adopted)
// and labels it; on failure it removes what it made and returns the error.
func (c *Client) openPull(ctx context.Context, req deploy.ChangeRequest) (deploy.PullRequest, error) {
	pr, err := c.createPull(ctx, req)
	if err != nil {
		c.undo(ctx, req.Branch, 0)
		return deploy.PullRequest{}, err
	}
	if err := c.decorate(ctx, pr, req, true); err != nil {
		c.undo(ctx, req.Branch, pr.GetNumber())
		return deploy.PullRequest{}, err
	}
	return c.toPullRequest(pr), nil
}

// createPull sends POST pulls. "A pull request already exists" returns
// that one. After a 5xx or no answer it never blindly repeats the POST: it
// first looks for a pull request the failed attempt may have opened.
func (c *Client) createPull(ctx context.Context, req deploy.ChangeRequest) (*gh.PullRequest, error) {
	o := op{what: "open the pull request for " + req.Branch, perm: permPullsWrite}
	for attempt := 1; ; attempt++ {
		pr, _, err := c.gh.PullRequests.Create(ctx, c.owner, c.name, &gh.NewPullRequest{Title: gh.String(req.Title),
			Head: gh.String(req.Branch), Base: gh.String(c.base), Body: gh.String(req.Body)})
		switch {
		case err == nil:
			return pr, nil
		case statusCode(err) == http.StatusUnprocessableEntity && hasMessage(err, "already exists"):
			if found, ferr := c.findOpenPull(ctx, req.Branch); ferr != nil || found != nil {
				return found, ferr
			}
			return nil, c.fail(err, o)
		case !retryable(err) || attempt >= c.retry.MaxAttempts:
			return nil, c.fail(err, o)
		}
		c.log.Warn("opening the pull request failed; looking for it before trying again", "branch", req.Branch, "attempt", attempt, "err", err)
		if serr := c.retry.Sleep(ctx, c.retry.backoff(attempt, serverErrorBackoff)); serr != nil {
			return nil, c.fail(serr, o)
		}
		if found, ferr := c.findOpenPull(ctx, req.Branch); ferr != nil || found != nil {
			return found, ferr
		}
	}
}

// findOpenPull returns the open pull request from branch into the base
// branch, or nil.
func (c *Client) findOpenPull(ctx context.Context, branch string) (*gh.PullRequest, error) {
	prs, _, err := c.gh.PullRequests.List(ctx, c.owner, c.name, &gh.PullRequestListOptions{State: "open",
		Head: c.owner + ":" + branch, Base: c.base, ListOptions: gh.ListOptions{PerPage: 1}})
	if err != nil {
		return nil, c.fail(err, op{what: "look for the pull request of " + branch, perm: permPullsRead})
	}
	if len(prs) == 0 {
		return nil, nil
	}
	return prs[0], nil
}

// addLabels adds labels to issue (or pull request) n. It sends
// {"labels": [...]}, the body GitHub's REST description documents;
// go-github's AddLabelsToIssue sends a bare array, which GitHub accepts only
// as an undocumented alternative. It returns go-github's error.
func (c *Client) addLabels(ctx context.Context, n int, labels []string) error {
	req, err := c.gh.NewRequest(http.MethodPost, fmt.Sprintf("repos/%s/%s/issues/%d/labels", c.owner, c.name, n),
		struct {
			Labels []string `json:"labels"`
		}{labels})
	if err != nil {
		return err
	}
	_, err = c.gh.Do(ctx, req, nil)
	return err
}

// decorate adds the labels the pull request lacks and, for a new pull
// request (or one whose labels were missing, so a previous run stopped
// before reviewers), requests the reviewers.
func (c *Client) decorate(ctx context.Context, pr *gh.PullRequest, req deploy.ChangeRequest, fresh bool) error {
	missing := missingLabels(pr, req.Labels)
	if len(missing) == 0 && !fresh {
		return nil
	}
	if len(missing) > 0 {
		if err := c.addLabels(ctx, pr.GetNumber(), missing); err != nil {
			return c.fail(err, op{what: fmt.Sprintf("label pull request #%d", pr.GetNumber()), perm: permPullsWrite})
		}
	}
	if len(req.Reviewers)+len(req.TeamReviewers) == 0 {
		return nil
	}
	_, _, err := c.gh.PullRequests.RequestReviewers(ctx, c.owner, c.name, pr.GetNumber(),
		gh.ReviewersRequest{Reviewers: req.Reviewers, TeamReviewers: req.TeamReviewers})
	if statusCode(err) == http.StatusUnprocessableEntity {
		var er *gh.ErrorResponse
		errors.As(err, &er)
		return &fault.Error{Code: fault.CodeInvalid, Err: err, Message: fmt.Sprintf(
			"GitHub refused to ask %s to review %s#%d: %s. Fix github.reviewers and github.teamReviewers in deploybot.yaml",
			strings.Join(append(slices.Clone(req.Reviewers), req.TeamReviewers...), ", "), c.Repository(), pr.GetNumber(), describe(er))}
	}
	if err != nil {
		return c.fail(err, op{what: fmt.Sprintf("request reviewers on pull request #%d", pr.GetNumber()), perm: permPullsWrite})
	}
	return nil
}

// missingLabels returns the labels (want plus "promotion", each once) the
// pull request does not carry yet.
func missingLabels(pr *gh.PullRequest, want []string) []string {
	have := map[string]bool{}
	for _, l := range pr.Labels {
		have[strings.ToLower(l.GetName())] = true
	}
	var out []string
	for _, l := range append(slices.Clone(want), Label) {
		if l = strings.TrimSpace(l); l != "" && !have[strings.ToLower(l)] {
			have[strings.ToLower(l)] = true
			out = append(out, l)
		}
	}
	return out
}

// undo removes a half-made promotion: closes its pull request (when one
// was opened) and deletes its branch. Failures are logged here, since the
// caller returns the error that made it undo.
func (c *Client) undo(ctx context.Context, branch string, number int) {
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	if err := c.abandon(ctx, c.ghCleanup, number, branch); err != nil {
		c.log.Error("could not remove a half-made promotion; delete the branch by hand", "branch", branch, "pr", number, "err", err)
		return
	}
	c.log.Info("removed a half-made promotion", "branch", branch, "pr", number)
}

// toPullRequest converts go-github's pull request.
func (c *Client) toPullRequest(pr *gh.PullRequest) deploy.PullRequest {
	return deploy.PullRequest{Number: pr.GetNumber(), URL: pr.GetHTMLURL(), Branch: pr.GetHead().GetRef(),
		HeadSHA: pr.GetHead().GetSHA(), Title: pr.GetTitle()}
}
