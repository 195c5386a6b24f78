package github

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// ChangeStatus returns the pull request's state: merged (with the merge
// commit SHA, who and when), closed without merge, or open, with its
// approving, change-requesting and dismissed reviews (login, head, time)
// and the logins whose latest review approves or requests changes. It
// sends GET pulls/{n} and GET pulls/{n}/reviews with the ETags of the
// previous poll: when neither changed GitHub answers 304 twice, which
// costs no rate limit, and the previous status comes back with Unchanged
// set. The reviews are asked for even when the pull request is
// unchanged, so a review or a dismissal in the same second as the last
// poll is never missed.
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
	var st deploy.ChangeStatus
	etag := prev.etag
	switch {
	case cached && statusCode(err) == http.StatusNotModified:
		st = cloneStatus(prev.status)
	case statusCode(err) == http.StatusNotFound:
		return deploy.ChangeStatus{}, &fault.Error{Code: fault.CodeNotFound, Err: err,
			Message: fmt.Sprintf("pull request #%d does not exist in %s (or deploybot's credentials can't see it)", pr.Number, c.Repository())}
	case err != nil:
		return deploy.ChangeStatus{}, c.fail(err, o)
	default:
		st, etag = statusOfPull(&p), resp.Header.Get("ETag")
	}
	rs, err := c.reviews(ctx, pr.Number, prev.reviewsETag)
	if err != nil {
		return deploy.ChangeStatus{}, err
	}
	if rs.unchanged {
		if etag == prev.etag {
			st.Unchanged = true
			return st, nil
		}
		rs = reviewList{all: prev.status.Reviews, approvals: prev.status.Approvals, changes: prev.status.ChangesRequested, etag: prev.reviewsETag}
	}
	st.Reviews, st.Approvals, st.ChangesRequested = rs.all, rs.approvals, rs.changes
	c.cache.setPoll(pr.Number, poll{etag: etag, reviewsETag: rs.etag, status: cloneStatus(st)})
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

// reviewList is what reviews read.
type reviewList struct {
	all       []deploy.Review
	approvals []string
	changes   []string
	etag      string // of the only page; "" when there were more
	unchanged bool   // GitHub answered 304 to etag
}

// reviews reads every review, oldest first, and returns the approving,
// change-requesting and dismissed ones (comments and pending reviews
// decide nothing), with the logins whose latest such review approves and
// those whose latest requests changes, sorted (a dismissed review counts
// for neither). With etag set the first page is asked for conditionally:
// a 304 returns unchanged and nothing else.
func (c *Client) reviews(ctx context.Context, number int, etag string) (reviewList, error) {
	var out reviewList
	latest := map[string]deploy.ReviewVerdict{}
	o := op{what: fmt.Sprintf("read the reviews of pull request #%d", number), perm: permPullsRead}
	for page := 1; page != 0; {
		req, err := c.gh.NewRequest(http.MethodGet,
			fmt.Sprintf("repos/%s/%s/pulls/%d/reviews?per_page=100&page=%d", c.owner, c.name, number, page), nil)
		if err != nil {
			return out, c.fail(err, o)
		}
		if page == 1 && etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		var list []*gh.PullRequestReview
		resp, err := c.gh.Do(ctx, req, &list)
		switch {
		case page == 1 && etag != "" && statusCode(err) == http.StatusNotModified:
			return reviewList{unchanged: true, etag: etag}, nil
		case err != nil:
			return out, c.fail(err, o)
		}
		if page == 1 && resp.NextPage == 0 {
			out.etag = resp.Header.Get("ETag")
		}
		for _, r := range list {
			v, ok := reviewVerdicts[strings.ToUpper(r.GetState())]
			if !ok {
				continue
			}
			login := r.GetUser().GetLogin()
			latest[login] = v
			out.all = append(out.all, deploy.Review{ID: r.GetID(), Login: login, Verdict: v, CommitID: r.GetCommitID(),
				SubmittedAt: r.GetSubmittedAt().Time})
		}
		page = resp.NextPage
	}
	for login, v := range latest {
		switch v {
		case deploy.ReviewApproved:
			out.approvals = append(out.approvals, login)
		case deploy.ReviewChangesRequested:
			out.changes = append(out.changes, login)
		}
	}
	slices.Sort(out.approvals)
	slices.Sort(out.changes)
	return out, nil
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
