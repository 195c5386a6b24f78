package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// reuseBranch continues a promotion whose branch already exists: its open
// pull request is returned (labels completed); a branch holding this very
// change (the same tree), or an older attempt at it (the same commit
// message, no pull request), gets the pull request; anything else is
// someone else's work and is left alone.
func (c *Client) reuseBranch(ctx context.Context, req deploy.ChangeRequest, commit, tree string) (deploy.PullRequest, error) {
	pr, err := c.findOpenPull(ctx, req.Branch)
	if err != nil {
		return deploy.PullRequest{}, err
	}
	if pr != nil {
		if err := c.decorate(ctx, pr, req, false); err != nil {
			return deploy.PullRequest{}, err
		}
		return c.toPullRequest(pr), nil
	}
	head, err := c.branchHead(ctx, req.Branch)
	if err != nil {
		return deploy.PullRequest{}, err
	}
	if head == "" { // deleted meanwhile: make it again
		if _, err := c.createBranch(ctx, req.Branch, commit); err != nil {
			return deploy.PullRequest{}, err
		}
	} else if head != commit {
		if err := c.adoptBranch(ctx, req, head, commit, tree); err != nil {
			return deploy.PullRequest{}, err
		}
	}
	return c.openPull(ctx, req)
}

// adoptBranch accepts an existing branch head that carries the same tree,
// moves a branch left by an earlier attempt at this promotion (same commit
// message) to commit, and refuses anything else with CodeConflict.
func (c *Client) adoptBranch(ctx context.Context, req deploy.ChangeRequest, head, commit, tree string) error {
	existing, err := c.gitCommit(ctx, head)
	if err != nil {
		return err
	}
	if existing.GetTree().GetSHA() == tree {
		return nil
	}
	if existing.GetMessage() != req.Message {
		return fault.Errorf(fault.CodeConflict, "the branch %s already exists in %s with other changes (commit %s); nothing was pushed. Delete the branch, or cancel the promotion and promote again",
			req.Branch, c.Repository(), head[:7])
	}
	_, _, err = c.gh.Git.UpdateRef(ctx, c.owner, c.name, &gh.Reference{Ref: gh.String("refs/heads/" + req.Branch),
		Object: &gh.GitObject{SHA: gh.String(commit)}}, true)
	if err != nil {
		return c.fail(err, op{what: fmt.Sprintf("update the branch %s", req.Branch), perm: permContentsWrite})
	}
	c.log.Info("moved a branch left by an earlier attempt at the promotion", "branch", req.Branch, "from", head, "to", commit)
	return nil
}

// branchHead returns the commit branch points at, or "" when it does not
// exist.
func (c *Client) branchHead(ctx context.Context, branch string) (string, error) {
	ref, _, err := c.gh.Git.GetRef(ctx, c.owner, c.name, "heads/"+branch)
	switch {
	case statusCode(err) == http.StatusNotFound:
		return "", nil
	case err != nil:
		return "", c.fail(err, op{what: "read the branch " + branch, perm: permContentsRead})
	}
	return ref.GetObject().GetSHA(), nil
}
