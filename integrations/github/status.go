package github

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
)

// ChangeStatus returns the pull request's state: merged (with the merge
// commit SHA, who and when), closed without merge, or open, with its
// approving, change-requesting and dismissed reviews (login, head, time)
// and the logins whose latest review approves or requests changes. It sends GET
// pulls/{n} with the ETag of the previous poll: when nothing changed GitHub
// answers 304, which costs no rate limit, and the previous status comes
// back with Unchanged set. Only when the pull request changed are its
// reviews read (one more request per 100 reviews).
//
// It returns a *deploy.Error with CodeNotFound for an unknown pull request,
// and the errors fail describes otherwise.
func (c *Client) ChangeStatus(ctx context.Context, pr deploy.PullRequest) (deploy.ChangeStatus, error) {
	o := op{what: fmt.Sprintf("read pull request #%d", pr.Number), perm: permPullsRead}
	req, err := c.gh.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/pulls/%d", c.owner, c.name, pr.Number), nil)
	if err != nil {
		return deploy.ChangeStatus{}, c.fail(err, o)
	}
	prev, cached := c.cache.poll(pr.Number)
	if cached {
		req.Header.Set("If-None-Match", prev.etag)
	}
	var p gh.PullRequest
	resp, err := c.gh.Do(ctx, req, &p)
	switch {
	case cached && statusCode(err) == http.StatusNotModified:
		st := cloneStatus(prev.status)
		st.Unchanged = true
		return st, nil
	case statusCode(err) == http.StatusNotFound:
		return deploy.ChangeStatus{}, &deploy.Error{Code: deploy.CodeNotFound, Err: err,
			Message: fmt.Sprintf("pull request #%d does not exist in %s (or deploybot's credentials can't see it)", pr.Number, c.Repository())}
	case err != nil:
		return deploy.ChangeStatus{}, c.fail(err, o)
	}
	st := statusOfPull(&p)
	if st.Reviews, st.Approvals, st.ChangesRequested, err = c.reviews(ctx, pr.Number); err != nil {
		return deploy.ChangeStatus{}, err
	}
	c.cache.setPoll(pr.Number, poll{etag: resp.Header.Get("ETag"), status: cloneStatus(st)})
	return st, nil
}

// statusOfPull converts the pull request's state.
func statusOfPull(p *gh.PullRequest) deploy.ChangeStatus {
	st := deploy.ChangeStatus{State: deploy.ChangeOpen, HeadSHA: p.GetHead().GetSHA()}
	switch {
	case p.GetMerged() || p.MergedAt != nil:
		st.State, st.MergeSHA, st.MergedBy = deploy.ChangeMerged, p.GetMergeCommitSHA(), p.GetMergedBy().GetLogin()
		st.MergedAt = p.GetMergedAt().Time
	case p.GetState() == "closed":
		st.State = deploy.ChangeClosed
	}
	return st
}

// reviews reads every review, oldest first, and returns the approving,
// change-requesting and dismissed ones (comments and pending reviews
// decide nothing), with the logins whose latest such review approves and
// those whose latest requests changes, sorted (a dismissed review counts
// for neither).
func (c *Client) reviews(ctx context.Context, number int) (all []deploy.Review, approvals, changes []string, err error) {
	latest := map[string]deploy.ReviewVerdict{}
	opts := &gh.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.gh.PullRequests.ListReviews(ctx, c.owner, c.name, number, opts)
		if err != nil {
			return nil, nil, nil, c.fail(err, op{what: fmt.Sprintf("read the reviews of pull request #%d", number), perm: permPullsRead})
		}
		for _, r := range page {
			v, ok := reviewVerdicts[strings.ToUpper(r.GetState())]
			if !ok {
				continue
			}
			login := r.GetUser().GetLogin()
			latest[login] = v
			all = append(all, deploy.Review{ID: r.GetID(), Login: login, Verdict: v, CommitID: r.GetCommitID(),
				SubmittedAt: r.GetSubmittedAt().Time})
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	for login, v := range latest {
		switch v {
		case deploy.ReviewApproved:
			approvals = append(approvals, login)
		case deploy.ReviewChangesRequested:
			changes = append(changes, login)
		}
	}
	slices.Sort(approvals)
	slices.Sort(changes)
	return all, approvals, changes, nil
}

// reviewVerdicts maps GitHub's review states that decide something to
// the ledger's verdicts; COMMENTED and PENDING are left out.
var reviewVerdicts = map[string]deploy.ReviewVerdict{
	"APPROVED":          deploy.ReviewApproved,
	"CHANGES_REQUESTED": deploy.ReviewChangesRequested,
	"DISMISSED":         deploy.ReviewDismissed,
}

// cloneStatus copies st so the cache and the caller share no slices.
func cloneStatus(st deploy.ChangeStatus) deploy.ChangeStatus {
	st.Approvals = slices.Clone(st.Approvals)
	st.ChangesRequested = slices.Clone(st.ChangesRequested)
	st.Reviews = slices.Clone(st.Reviews)
	return st
}
