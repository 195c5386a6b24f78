package github

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Permissions named in error messages.
const (
	permContentsRead  = "contents: read"
	permContentsWrite = "contents: write"
	permPullsRead     = "pull requests: read"
	permPullsWrite    = "pull requests: write"
	permAll           = "metadata: read, contents: read and write, pull requests: read and write"
)

// op describes a GitHub call for error messages: what deploybot was doing,
// the permission it needs, and the repository ("" for the config repo).
type op struct {
	what string // a verb phrase: "open the pull request"
	perm string
	repo string
}

// fail translates an error of a go-github call into a *deploy.Error whose
// message says what went wrong in words a person can act on; the original
// error is kept as the cause. Messages name repositories, branches and
// permissions, never credentials.
func (c *Client) fail(err error, o op) error {
	if err == nil {
		return nil
	}
	repo := cmp.Or(o.repo, c.Repository())
	if errors.Is(err, context.Canceled) {
		return &fault.Error{Code: fault.CodeInternal, Message: fmt.Sprintf("deploybot stopped waiting for GitHub while trying to %s in %s", o.what, repo), Err: err}
	}
	if e := c.rateLimitError(err, o, repo); e != nil {
		return e
	}
	var he *ghinstallation.HTTPError
	if errors.As(err, &he) {
		return c.appError(he, err)
	}
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return c.statusError(er, err, o, repo)
	}
	return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
		"GitHub is not answering (%s) while deploybot tried to %s in %s", fault.NetworkReason(err), o.what, repo)}
}

// statusError translates an error answer by its status.
func (c *Client) statusError(er *gh.ErrorResponse, err error, o op, repo string) error {
	msg := er.Message
	switch er.Response.StatusCode {
	case http.StatusUnauthorized:
		return c.unauthorised(err)
	case http.StatusForbidden:
		return &fault.Error{Code: fault.CodeUnauthorised, Err: err, Message: fmt.Sprintf(
			"deploybot may not %s in %s: GitHub answered 403 %q. Give the token or GitHub App %s on %s (deploybot needs %s)",
			o.what, repo, msg, o.perm, repo, permAll)}
	case http.StatusNotFound:
		return &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
			"GitHub can't find %s, or deploybot's credentials can't see it (while trying to %s): check github.repository in deploybot.yaml and that the token or GitHub App has access to %s (%s)",
			repo, o.what, repo, permAll)}
	case http.StatusTooManyRequests:
		return &fault.Error{Code: fault.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"GitHub is limiting how fast deploybot may call it (429) while trying to %s in %s; try again in %s",
			o.what, repo, waitWords(er.Response))}
	case http.StatusConflict:
		return &fault.Error{Code: fault.CodeConflict, Err: err, Message: fmt.Sprintf(
			"GitHub refused to %s in %s because the repository changed meanwhile (409 %s); try again", o.what, repo, describe(er))}
	case http.StatusUnprocessableEntity:
		return &fault.Error{Code: fault.CodeInvalid, Err: err, Message: fmt.Sprintf(
			"GitHub refused to %s in %s: 422 %s", o.what, repo, describe(er))}
	}
	if er.Response.StatusCode >= 500 {
		return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
			"GitHub is not answering (%d) while deploybot tried to %s in %s", er.Response.StatusCode, o.what, repo)}
	}
	return &fault.Error{Code: fault.CodeInternal, Err: err, Message: fmt.Sprintf(
		"GitHub refused to %s in %s: %d %s", o.what, repo, er.Response.StatusCode, describe(er))}
}

// unauthorised is the answer to a 401: the credentials are wrong.
func (c *Client) unauthorised(err error) error {
	fix := "check the token is valid and has not expired"
	if c.app {
		fix = fmt.Sprintf("check %s, %s and the App's private key", config.EnvGitHubAppID, config.EnvGitHubAppInstallationID)
	}
	return &fault.Error{Code: fault.CodeUnauthorised, Err: err, Message: fmt.Sprintf(
		"GitHub rejected the credentials (GITHUB_TOKEN or the GitHub App) for %s; %s", c.Repository(), fix)}
}

// appError translates a failure to get an installation token.
func (c *Client) appError(he *ghinstallation.HTTPError, err error) error {
	status := 0
	if he.Response != nil {
		status = he.Response.StatusCode
		if he.Response.Body != nil {
			_ = he.Response.Body.Close() // ghinstallation leaves it open for us
		}
	}
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return c.unauthorised(err)
	case http.StatusNotFound:
		return &fault.Error{Code: fault.CodeUnauthorised, Err: err, Message: fmt.Sprintf(
			"GitHub has no installation %d of the GitHub App: check %s, and that the App is installed on %s",
			he.InstallationID, config.EnvGitHubAppInstallationID, c.Repository())}
	}
	if status == 0 || status >= 500 {
		return &fault.Error{Code: fault.CodeUnavailable, Err: err, Message: fmt.Sprintf(
			"GitHub is not answering (%s) while deploybot asked for a GitHub App installation token for %s", statusWords(status, err), c.Repository())}
	}
	return &fault.Error{Code: fault.CodeInternal, Err: err, Message: fmt.Sprintf(
		"can't get a GitHub App installation token for %s (GitHub answered %d)", c.Repository(), status)}
}

// rateLimitError translates go-github's rate-limit errors, which come back
// once the retrying transport has given up (or before any request, while
// go-github itself waits out a limit).
func (c *Client) rateLimitError(err error, o op, repo string) error {
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return &fault.Error{Code: fault.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"deploybot has used up its GitHub API quota; it resets at %s. Nothing more was done to %s (while trying to %s)",
			rl.Rate.Reset.UTC().Format("15:04 UTC"), repo, o.what)}
	}
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) {
		wait := "a few minutes"
		if d := ab.GetRetryAfter(); d > 0 {
			wait = d.Round(time.Second).String()
		}
		return &fault.Error{Code: fault.CodeRateLimited, Err: err, Message: fmt.Sprintf(
			"GitHub is limiting how fast deploybot may call it (secondary rate limit) while trying to %s in %s; try again in %s", o.what, repo, wait)}
	}
	return nil
}

// describe returns GitHub's message with its validation details.
func describe(er *gh.ErrorResponse) string {
	parts := []string{er.Message}
	for _, e := range er.Errors {
		if e.Message != "" {
			parts = append(parts, e.Message)
		} else if e.Field != "" {
			parts = append(parts, e.Field+" "+e.Code)
		}
	}
	return strings.Join(parts, ": ")
}

// statusCode returns the HTTP status of a go-github error answer, or 0.
func statusCode(err error) int {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// hasMessage reports whether a go-github error answer's message or any of
// its validation errors contains s.
func hasMessage(err error, s string) bool {
	var er *gh.ErrorResponse
	if !errors.As(err, &er) {
		return false
	}
	if strings.Contains(er.Message, s) {
		return true
	}
	for _, e := range er.Errors {
		if strings.Contains(e.Message, s) {
			return true
		}
	}
	return false
}

// retryable reports an answer worth trying again after a wait: a 5xx, or
// no answer at all.
func retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	code := statusCode(err)
	if code == 0 {
		var rl *gh.RateLimitError
		var ab *gh.AbuseRateLimitError
		var he *ghinstallation.HTTPError
		return !errors.As(err, &rl) && !errors.As(err, &ab) && !errors.As(err, &he)
	}
	return isServerError(code)
}
