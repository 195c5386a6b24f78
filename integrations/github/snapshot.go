package github

import (
	"context"
	"io/fs"
	"net/http"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy/fault"
)

// Head returns the SHA of the tip of the base branch, with one request
// (GET commits/{branch}, which also gives the commit's tree, remembered
// for OpenChange). It returns a *deploy.Error with CodeNotFound when the
// branch or repository does not exist (or can't be seen), and the errors
// fail describes otherwise.
func (c *Client) Head(ctx context.Context) (string, error) {
	rc, _, err := c.gh.Repositories.GetCommit(ctx, c.owner, c.name, c.base, &gh.ListOptions{PerPage: 1})
	if statusCode(err) == http.StatusUnprocessableEntity {
		return "", fault.Errorf(fault.CodeNotFound, "the base branch %s does not exist in %s; check github.baseBranch in deploybot.yaml", c.base, c.Repository())
	}
	if err != nil {
		return "", c.fail(err, op{what: "read the base branch " + c.base, perm: permContentsRead})
	}
	c.cache.setTree(rc.GetSHA(), rc.GetCommit().GetTree().GetSHA())
	return rc.GetSHA(), nil
}

// Snapshot returns the repository's files at commit sha. It makes no
// request itself: each file is fetched when first read (one request, GET
// contents/{path}?ref=sha as raw bytes) and kept. The returned fs.FS uses
// ctx for those requests, so it is good only while ctx is; it serves files
// (Open, ReadFile, Stat), not directory listings. A missing file is
// fs.ErrNotExist; other failures are the *deploy.Error fail describes,
// inside an *fs.PathError. It returns CodeInvalid for a sha that is not a
// full commit SHA.
func (c *Client) Snapshot(ctx context.Context, sha string) (fs.FS, error) {
	if !isFullSHA(sha) {
		return nil, fault.Errorf(fault.CodeInvalid, "%q is not a full commit SHA", sha)
	}
	return &snapshotFS{ctx: ctx, c: c, sha: sha, files: map[string][]byte{}}, nil
}

// Parent returns the first parent of commit sha with one request (GET
// git/commits/{sha}, whose tree it also remembers). It returns a
// *deploy.Error with CodeNotFound when the commit does not exist or has no
// parent.
func (c *Client) Parent(ctx context.Context, sha string) (string, error) {
	commit, err := c.gitCommit(ctx, sha)
	if err != nil {
		return "", err
	}
	if len(commit.Parents) == 0 {
		return "", fault.Errorf(fault.CodeNotFound, "commit %s in %s has no parent", sha, c.Repository())
	}
	return commit.Parents[0].GetSHA(), nil
}

// treeOf returns the tree SHA of commit sha, from the cache or with one
// request.
func (c *Client) treeOf(ctx context.Context, sha string) (string, error) {
	if t, ok := c.cache.tree(sha); ok {
		return t, nil
	}
	commit, err := c.gitCommit(ctx, sha)
	if err != nil {
		return "", err
	}
	return commit.GetTree().GetSHA(), nil
}

// gitCommit reads a commit object and caches its tree.
func (c *Client) gitCommit(ctx context.Context, sha string) (*gh.Commit, error) {
	if !isFullSHA(sha) {
		return nil, fault.Errorf(fault.CodeInvalid, "%q is not a full commit SHA", sha)
	}
	commit, _, err := c.gh.Git.GetCommit(ctx, c.owner, c.name, sha)
	if statusCode(err) == http.StatusNotFound {
		return nil, &fault.Error{Code: fault.CodeNotFound, Err: err,
			Message: "no commit " + sha + " in " + c.Repository() + " (or deploybot's credentials can't read it)"}
	}
	if err != nil {
		return nil, c.fail(err, op{what: "read commit " + sha, perm: permContentsRead})
	}
	c.cache.setTree(sha, commit.GetTree().GetSHA())
	return commit, nil
}

// isFullSHA reports whether s is 40 hex digits.
func isFullSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') && (r < 'A' || r > 'F') {
			return false
		}
	}
	return true
}
