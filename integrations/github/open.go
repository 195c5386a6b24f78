package github

import (
	"context"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// OpenChange commits req.Files as one commit on top of req.BaseSHA on the
// new branch req.Branch and opens a pull request into the base branch,
// labelled with req.Labels and "promotion", asking req.Reviewers and
// req.TeamReviewers for review when given.
//
// The first run costs five requests (tree with the contents inline,
// commit, ref, pull request, labels; one more for reviewers, and one more
// when the base commit's tree is not cached from Head). It is idempotent:
// when the branch exists, its open pull request is returned (labels
// completed if a previous run stopped short); a branch holding this very
// change without a pull request gets one; a branch holding anything else
// is CodeConflict and nothing is pushed. When opening or labelling the pull
// request fails, the branch (and the pull request) are removed again
// before the error is returned.
//
// It returns a *deploy.Error: CodeInvalid for a malformed request,
// CodeConflict as above, and the codes fail describes for GitHub's errors.
func (c *Client) OpenChange(ctx context.Context, req deploy.ChangeRequest) (deploy.PullRequest, error) {
	if err := validateChange(req); err != nil {
		return deploy.PullRequest{}, err
	}
	commit, tree, err := c.writeCommit(ctx, req)
	if err != nil {
		return deploy.PullRequest{}, err
	}
	created, err := c.createBranch(ctx, req.Branch, commit)
	if err != nil {
		return deploy.PullRequest{}, err
	}
	if !created {
		return c.reuseBranch(ctx, req, commit, tree)
	}
	return c.openPull(ctx, req)
}

// validateChange checks a ChangeRequest before anything is written.
func validateChange(req deploy.ChangeRequest) error {
	switch {
	case !validBranch(req.Branch):
		return fault.Errorf(fault.CodeInvalid, "%q is not a valid branch name for a promotion", req.Branch)
	case !isFullSHA(req.BaseSHA):
		return fault.Errorf(fault.CodeInvalid, "the base of a change must be a full commit SHA, not %q", req.BaseSHA)
	case len(req.Files) == 0:
		return fault.Errorf(fault.CodeInvalid, "the change to %s has no files", req.Branch)
	case strings.TrimSpace(req.Title) == "" || strings.TrimSpace(req.Message) == "":
		return fault.Errorf(fault.CodeInvalid, "the change to %s needs a title and a commit message", req.Branch)
	}
	seen := map[string]bool{}
	for _, f := range req.Files {
		if !fs.ValidPath(f.Path) || f.Path == "." || seen[f.Path] {
			return fault.Errorf(fault.CodeInvalid, "%q is not a file path inside the repository, or is given twice", f.Path)
		}
		seen[f.Path] = true
	}
	return nil
}

// validBranch accepts branch names git and GitHub accept.
func validBranch(b string) bool {
	if b == "" || strings.HasPrefix(b, "/") || strings.HasSuffix(b, "/") || strings.HasSuffix(b, ".") ||
		strings.HasSuffix(b, ".lock") || strings.Contains(b, "..") || strings.Contains(b, "//") || strings.Contains(b, "@{") {
		return false
	}
	for _, r := range b {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("~^:?*[\\", r) {
			return false
		}
	}
	return true
}

// writeCommit makes the tree (the base commit's tree with req.Files
// applied: contents inline, a nil New deletes) and the commit on top of
// req.BaseSHA, and returns both SHAs.
func (c *Client) writeCommit(ctx context.Context, req deploy.ChangeRequest) (commit, tree string, err error) {
	baseTree, err := c.treeOf(ctx, req.BaseSHA)
	if err != nil {
		return "", "", err
	}
	entries := make([]*gh.TreeEntry, len(req.Files))
	for i, f := range req.Files {
		if entries[i], err = c.treeEntry(ctx, f); err != nil {
			return "", "", err
		}
	}
	t, _, err := c.gh.Git.CreateTree(ctx, c.owner, c.name, baseTree, entries)
	if err != nil {
		return "", "", c.fail(err, op{what: "write the promotion's files", perm: permContentsWrite})
	}
	cm, _, err := c.gh.Git.CreateCommit(ctx, c.owner, c.name, &gh.Commit{Message: gh.String(req.Message),
		Tree: &gh.Tree{SHA: t.SHA}, Parents: []*gh.Commit{{SHA: gh.String(req.BaseSHA)}}}, nil)
	if err != nil {
		return "", "", c.fail(err, op{what: "commit the promotion", perm: permContentsWrite})
	}
	c.cache.setTree(cm.GetSHA(), t.GetSHA())
	return cm.GetSHA(), t.GetSHA(), nil
}

// treeEntry returns the tree entry for one file: its content inline when
// it is UTF-8 text, else a blob made first (POST git/blobs, base64), or
// "sha": null to delete it.
func (c *Client) treeEntry(ctx context.Context, f deploy.FileChange) (*gh.TreeEntry, error) {
	e := &gh.TreeEntry{Path: gh.String(f.Path), Mode: gh.String("100644"), Type: gh.String("blob")}
	switch {
	case f.New == nil:
		return e, nil // marshalled as "sha": null
	case utf8.Valid(f.New):
		e.Content = gh.String(string(f.New))
		return e, nil
	}
	blob, _, err := c.gh.Git.CreateBlob(ctx, c.owner, c.name, &gh.Blob{
		Content: gh.String(base64.StdEncoding.EncodeToString(f.New)), Encoding: gh.String("base64")})
	if err != nil {
		return nil, c.fail(err, op{what: "write " + f.Path, perm: permContentsWrite})
	}
	e.SHA = blob.SHA
	return e, nil
}

// createBranch creates refs/heads/branch at commit; created is false when
// the branch already exists.
func (c *Client) createBranch(ctx context.Context, branch, commit string) (created bool, err error) {
	_, _, err = c.gh.Git.CreateRef(ctx, c.owner, c.name, &gh.Reference{
		Ref: gh.String("refs/heads/" + branch), Object: &gh.GitObject{SHA: gh.String(commit)}})
	switch {
	case err == nil:
		return true, nil
	case statusCode(err) == http.StatusUnprocessableEntity && hasMessage(err, "already exists"):
		return false, nil
	}
	return false, c.fail(err, op{what: fmt.Sprintf("create the branch %s", branch), perm: permContentsWrite})
}
