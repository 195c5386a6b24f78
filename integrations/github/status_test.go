package github_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestChangeStatus(t *testing.T) {
	ctx := context.Background()
	t.Run("OKPollingWithETag", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		e.srv.ResetRequests()
		first, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		want := deploy.ChangeStatus{State: deploy.ChangeOpen, HeadSHA: pr.HeadSHA}
		if diff := cmp.Diff(want, first); diff != "" {
			t.Errorf("first poll (-want +got):\n%s", diff)
		}
		second, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		want.Unchanged = true
		if diff := cmp.Diff(want, second); diff != "" {
			t.Errorf("second poll (-want +got):\n%s", diff)
		}
		must(t, e.srv.Approve(gitops, pr.Number, "alice"))
		must(t, e.srv.Review(gitops, pr.Number, "bob", "REQUEST_CHANGES", "not on a Friday"))
		third, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		want = deploy.ChangeStatus{State: deploy.ChangeOpen, HeadSHA: pr.HeadSHA, Approvals: []string{"alice"}, ChangesRequested: []string{"bob"},
			Reviews: []deploy.Review{
				{Login: "alice", Verdict: deploy.ReviewApproved, CommitID: pr.HeadSHA},
				{Login: "bob", Verdict: deploy.ReviewChangesRequested, CommitID: pr.HeadSHA},
			}}
		if diff := cmp.Diff(want, third, ignoreReviewIDAndTime); diff != "" {
			t.Errorf("poll after reviews (-want +got):\n%s", diff)
		}
		wantReqs := []string{
			"GET /repos/acme/gitops/pulls/1 200",
			"GET /repos/acme/gitops/pulls/1/reviews 200",
			"GET /repos/acme/gitops/pulls/1 304", // unchanged: no rate limit
			"GET /repos/acme/gitops/pulls/1/reviews 304",
			"GET /repos/acme/gitops/pulls/1 200",
			"GET /repos/acme/gitops/pulls/1/reviews 200",
		}
		if diff := cmp.Diff(wantReqs, e.requests()); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
	t.Run("OKLatestReviewCounts", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		must(t, e.srv.Review(gitops, pr.Number, "alice", "REQUEST_CHANGES", "wait"))
		must(t, e.srv.Review(gitops, pr.Number, "alice", "COMMENT", "looking again"))
		must(t, e.srv.Approve(gitops, pr.Number, "alice"))
		st, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		if diff := cmp.Diff([]string{"alice"}, st.Approvals, cmpopts.EquateEmpty()); diff != "" || len(st.ChangesRequested) != 0 {
			t.Errorf("approvals (-want +got):\n%s; changes requested %q", diff, st.ChangesRequested)
		}
	})
	t.Run("OKMergedByPerson", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		_, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		sha, err := e.srv.MergePR(gitops, pr.Number, "alice")
		must(t, err)
		st, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		if st.State != deploy.ChangeMerged || st.MergeSHA != sha || st.MergedBy != "alice" || st.MergedAt.IsZero() || st.Unchanged {
			t.Errorf("status = %+v, want merged as %s by alice", st, sha)
		}
		again, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		if !again.Unchanged || again.MergeSHA != sha {
			t.Errorf("poll after the merge = %+v, want unchanged and merged", again)
		}
	})
	t.Run("OKClosedWithoutMerge", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		must(t, e.srv.ClosePR(gitops, pr.Number))
		st, err := e.c.ChangeStatus(ctx, pr)
		must(t, err)
		if diff := cmp.Diff(deploy.ChangeStatus{State: deploy.ChangeClosed, HeadSHA: pr.HeadSHA}, st); diff != "" {
			t.Errorf("status (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.c.ChangeStatus(ctx, deploy.PullRequest{Number: 99})
		if fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("err = %v, want not found", err)
		}
	})
}

func TestAbandon(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	_, pr := e.open(t, "p42", apiProd)
	for i := range 2 { // the second time there is nothing left to do
		must(t, e.c.Abandon(ctx, pr))
		snap, err := e.srv.PR(gitops, pr.Number)
		must(t, err)
		if snap.State != "closed" || snap.Merged {
			t.Errorf("run %d: pull request is %s (merged %v), want closed", i, snap.State, snap.Merged)
		}
		if diff := cmp.Diff([]string{"main"}, e.srv.Branches(gitops)); diff != "" {
			t.Errorf("run %d: branches (-want +got):\n%s", i, diff)
		}
	}
}
