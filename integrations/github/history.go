package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// LastChange returns the newest commit in (fromSHA, toSHA] of the config
// repo that changed path, or nil if none did. It costs at most two
// requests, one commit each (GET commits?path=&sha=&per_page=1): the
// newest commit touching path up to toSHA, and, unless that is fromSHA
// itself, the newest up to fromSHA; when both are the same commit nothing
// changed in between. It returns the errors fail describes.
func (c *Client) LastChange(ctx context.Context, path, fromSHA, toSHA string) (*deploy.Commit, error) {
	if fromSHA == toSHA {
		return nil, nil
	}
	newest, err := c.newestTouching(ctx, path, toSHA)
	if err != nil || newest == nil || newest.GetSHA() == fromSHA {
		return nil, err
	}
	before, err := c.newestTouching(ctx, path, fromSHA)
	if err != nil {
		return nil, err
	}
	if before != nil && before.GetSHA() == newest.GetSHA() {
		return nil, nil
	}
	commit := toCommit(newest)
	return &commit, nil
}

// newestTouching returns the newest commit reachable from sha that
// changed path, or nil.
func (c *Client) newestTouching(ctx context.Context, path, sha string) (*gh.RepositoryCommit, error) {
	list, _, err := c.gh.Repositories.ListCommits(ctx, c.owner, c.name, &gh.CommitsListOptions{SHA: sha, Path: path,
		ListOptions: gh.ListOptions{PerPage: 1}})
	if err != nil {
		return nil, c.fail(err, op{what: "read the history of " + path, perm: permContentsRead})
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list[0], nil
}

// ResolveCommit resolves ref (a short or full SHA, a tag or a branch) in
// repo (owner/name; "" for the config repo) to a full SHA with one request
// (GET commits/{ref} asking for just the SHA). It returns a *deploy.Error
// with CodeNotFound when there is no such commit, tag or branch, CodeInvalid
// for a malformed repo, and the errors fail describes otherwise.
func (c *Client) ResolveCommit(ctx context.Context, repo, ref string) (string, error) {
	owner, name, err := c.repoOf(repo)
	if err != nil {
		return "", err
	}
	full := owner + "/" + name
	if strings.TrimSpace(ref) == "" || strings.ContainsAny(ref, " \t\n") {
		return "", fault.Errorf(fault.CodeNotFound, "no commit, tag or branch %q in %s", ref, full)
	}
	sha, _, err := c.gh.Repositories.GetCommitSHA1(ctx, owner, name, ref, "")
	switch statusCode(err) {
	case http.StatusUnprocessableEntity:
		return "", &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf("no commit, tag or branch %q in %s", ref, full)}
	case http.StatusNotFound:
		return "", &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
			"no commit, tag or branch %q in %s (or deploybot's credentials can't read %s: give the token or GitHub App %s on it)", ref, full, full, permContentsRead)}
	}
	if err != nil {
		return "", c.fail(err, op{what: fmt.Sprintf("resolve %q", ref), perm: permContentsRead, repo: full})
	}
	sha = strings.TrimSpace(sha)
	if !isFullSHA(sha) {
		return "", fault.Errorf(fault.CodeInternal, "GitHub answered %q for commit %q in %s, which is not a commit SHA", sha, ref, full)
	}
	return sha, nil
}

// toCommit converts a commit of a list or comparison.
func toCommit(rc *gh.RepositoryCommit) deploy.Commit {
	msg, _, _ := strings.Cut(rc.GetCommit().GetMessage(), "\n")
	author := rc.GetAuthor().GetLogin()
	if author == "" {
		author = rc.GetCommit().GetAuthor().GetName()
	}
	return deploy.Commit{SHA: rc.GetSHA(), Message: strings.TrimSpace(msg), Author: author,
		Date: rc.GetCommit().GetAuthor().GetDate().Time, URL: rc.GetHTMLURL()}
}
