package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Merge merges the pull request with the configured merge method if its
// head is still pr.HeadSHA (PUT pulls/{n}/merge with sha), using message
// as the merge commit's message body, and returns the merge commit SHA. A
// pull request that is already merged returns its merge commit, so a
// repeated Merge is harmless.
//
// It returns a *deploy.Error with CodeConflict when the head moved or the
// pull request was closed, CodeBlocked when GitHub refuses (missing
// approving reviews, failing or missing required checks, conflicts with
// the base branch, a draft), saying what would let it merge, and the
// errors fail describes otherwise. After a 5xx it looks at the pull request
// before trying again, never merging twice.
func (c *Client) Merge(ctx context.Context, pr deploy.PullRequest, message string) (string, error) {
	if !isFullSHA(pr.HeadSHA) {
		return "", fault.Errorf(fault.CodeInvalid, "merging %s needs the full head SHA it was approved at, not %q", c.prName(pr.Number), pr.HeadSHA)
	}
	o := op{what: fmt.Sprintf("merge pull request #%d", pr.Number), perm: permContentsWrite}
	for attempt := 1; ; attempt++ {
		res, _, err := c.gh.PullRequests.Merge(ctx, c.owner, c.name, pr.Number, message,
			&gh.PullRequestOptions{SHA: pr.HeadSHA, MergeMethod: c.mergeMethod})
		switch {
		case err == nil:
			return res.GetSHA(), nil
		case statusCode(err) == http.StatusConflict:
			return "", &fault.Error{Code: fault.CodeConflict, Err: err, Message: fmt.Sprintf(
				"%s was not merged: the pull request's head moved since it was approved (it was %s); review the new commits and approve again",
				c.prName(pr.Number), pr.HeadSHA[:7])}
		case statusCode(err) == http.StatusNotFound:
			return "", &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
				"%s does not exist (or deploybot's credentials can't see it)", c.prName(pr.Number))}
		case statusCode(err) == http.StatusMethodNotAllowed:
			if hasMessage(err, "Base branch was modified") && attempt < c.retry.MaxAttempts {
				continue // someone pushed to the base meanwhile; GitHub asks to try again
			}
			return c.mergeRefused(ctx, pr, err)
		case !retryable(err) || attempt >= c.retry.MaxAttempts:
			return "", c.fail(err, o)
		}
		c.log.Warn("merging failed; checking the pull request before trying again", "pr", pr.Number, "attempt", attempt, "err", err)
		if serr := c.retry.Sleep(ctx, c.retry.backoff(attempt, serverErrorBackoff)); serr != nil {
			return "", c.fail(serr, o)
		}
		if p, _, gerr := c.gh.PullRequests.Get(ctx, c.owner, c.name, pr.Number); gerr == nil && p.GetMerged() {
			return p.GetMergeCommitSHA(), nil
		}
	}
}

// mergeRefused explains a 405: it reads the pull request once to tell a
// merged or closed one from one GitHub won't merge, and says why.
func (c *Client) mergeRefused(ctx context.Context, pr deploy.PullRequest, err error) (string, error) {
	p, _, gerr := c.gh.PullRequests.Get(ctx, c.owner, c.name, pr.Number)
	if gerr != nil {
		return "", c.fail(gerr, op{what: "read " + c.prName(pr.Number), perm: permPullsRead})
	}
	name := c.prName(pr.Number)
	switch {
	case p.GetMerged():
		return p.GetMergeCommitSHA(), nil
	case p.GetState() == "closed":
		return "", &fault.Error{Code: fault.CodeConflict, Err: err, Message: fmt.Sprintf(
			"%s was closed without merging; promote again to open a new pull request", name)}
	case p.Mergeable != nil && !p.GetMergeable() || p.GetMergeableState() == "dirty":
		return "", &fault.Error{Code: fault.CodeBlocked, Err: err, Message: fmt.Sprintf(
			"%s has conflicts with %s; resolve them or cancel and promote again", name, c.base)}
	case p.GetDraft():
		return "", &fault.Error{Code: fault.CodeBlocked, Err: err, Message: fmt.Sprintf(
			"%s is a draft; mark it ready for review on GitHub first", name)}
	}
	return "", &fault.Error{Code: fault.CodeBlocked, Err: err, Message: c.blockedReason(ctx, name, pr.HeadSHA, messageOf(err))}
}

// prName names a pull request of the config repo: acme/gitops#12.
func (c *Client) prName(n int) string { return fmt.Sprintf("%s#%d", c.Repository(), n) }

// messageOf returns a go-github error answer's message.
func messageOf(err error) string {
	var er *gh.ErrorResponse
	if errors.As(err, &er) {
		return strings.TrimSpace(er.Message)
	}
	return err.Error()
}
