package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// maxComparePage is the largest page of commits GitHub's compare API gives.
const maxComparePage = 100

// OriginPR returns the merged pull request of repo (owner/name; "" for the
// config repo) whose merge commit is sha, or nil if there is none, with one
// request (GET commits/{sha}/pulls). It returns a *deploy.Error with
// CodeNotFound for an unknown commit and the errors fail describes
// otherwise.
func (c *Client) OriginPR(ctx context.Context, repo, sha string) (*deploy.Change, error) {
	owner, name, err := c.repoOf(repo)
	if err != nil {
		return nil, err
	}
	full := owner + "/" + name
	prs, _, err := c.gh.PullRequests.ListPullRequestsWithCommit(ctx, owner, name, sha, &gh.ListOptions{PerPage: 100})
	switch {
	case statusCode(err) == http.StatusUnprocessableEntity:
		return nil, &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf("no commit %s in %s", sha, full)}
	case err != nil:
		return nil, c.fail(err, op{what: "find the pull request of " + sha, perm: permPullsRead, repo: full})
	}
	for _, p := range prs {
		if p.MergedAt != nil && p.GetMergeCommitSHA() == sha {
			return &deploy.Change{Repo: full, Number: p.GetNumber(), Title: p.GetTitle(), Author: p.GetUser().GetLogin(),
				URL: p.GetHTMLURL(), MergeSHA: sha, MergedAt: p.GetMergedAt().Time}, nil
		}
	}
	return nil, nil
}

// Compare returns the commits of repo (owner/name; "" for the config
// repo) after from up to to, newest first, at most limit of them, with the
// total count. One request (GET compare/{from}...{to}) covers up to 250
// commits; beyond that one or two more fetch the newest page. It returns a
// *deploy.Error with CodeNotFound when from or to does not exist (or the
// two share no history), and the errors fail describes otherwise.
func (c *Client) Compare(ctx context.Context, repo, from, to string, limit int) (deploy.Changelog, error) {
	owner, name, err := c.repoOf(repo)
	if err != nil {
		return deploy.Changelog{}, err
	}
	cmp, err := c.compare(ctx, owner, name, from, to, nil)
	if err != nil {
		return deploy.Changelog{}, err
	}
	total := cmp.GetTotalCommits()
	commits := cmp.Commits
	limit = min(max(limit, 0), maxComparePage)
	if len(commits) < total && limit > 0 {
		if commits, err = c.newestCompared(ctx, owner, name, from, to, total, limit); err != nil {
			return deploy.Changelog{}, err
		}
	}
	out := deploy.Changelog{Total: total}
	for i := len(commits) - 1; i >= 0 && len(out.Commits) < limit; i-- {
		out.Commits = append(out.Commits, toCommit(commits[i]))
	}
	return out, nil
}

// newestCompared fetches the last pages of a long comparison, oldest
// first, enough for limit commits.
func (c *Client) newestCompared(ctx context.Context, owner, name, from, to string, total, limit int) ([]*gh.RepositoryCommit, error) {
	last := (total + maxComparePage - 1) / maxComparePage
	page, err := c.compare(ctx, owner, name, from, to, &gh.ListOptions{Page: last, PerPage: maxComparePage})
	if err != nil {
		return nil, err
	}
	commits := page.Commits
	if len(commits) < limit && last > 1 {
		prev, err := c.compare(ctx, owner, name, from, to, &gh.ListOptions{Page: last - 1, PerPage: maxComparePage})
		if err != nil {
			return nil, err
		}
		commits = append(prev.Commits, commits...)
	}
	return commits, nil
}

// compare sends one GET compare/{from}...{to}.
func (c *Client) compare(ctx context.Context, owner, name, from, to string, opts *gh.ListOptions) (*gh.CommitsComparison, error) {
	full := owner + "/" + name
	cmp, _, err := c.gh.Repositories.CompareCommits(ctx, owner, name, from, to, opts)
	switch statusCode(err) {
	case http.StatusNotFound, http.StatusUnprocessableEntity:
		return nil, &fault.Error{Code: fault.CodeNotFound, Err: err, Message: fmt.Sprintf(
			"can't compare %s with %s in %s: one of them does not exist, they share no history, or deploybot's credentials can't read %s", from, to, full, full)}
	}
	if err != nil {
		return nil, c.fail(err, op{what: fmt.Sprintf("compare %s with %s", from, to), perm: permContentsRead, repo: full})
	}
	return cmp, nil
}
