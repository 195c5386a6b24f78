package github_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
)

// ignoreReviewIDAndTime leaves out what the stand-in assigns: review IDs
// and submission times (checked for being set in TestChangeStatusReviews).
var ignoreReviewIDAndTime = cmpopts.IgnoreFields(deploy.Review{}, "ID", "SubmittedAt")

// TestChangeStatusReviews checks the per-review ledger input: login,
// verdict, the head each review is on, and dismissals; comments and
// pending reviews are left out.
func TestChangeStatusReviews(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	_, pr := e.open(t, "p42", apiProd)
	must(t, e.srv.Approve(gitops, pr.Number, "alice"))
	must(t, e.srv.Review(gitops, pr.Number, "carol", "COMMENT", "looks fine"))
	head, err := e.srv.PushCommit(gitops, pr.Branch, "bob", "tweak",
		map[string][]byte{"environments/production/api/notes.txt": []byte("x\n")})
	must(t, err)
	must(t, e.srv.Review(gitops, pr.Number, "bob", "REQUEST_CHANGES", "why the tweak?"))
	must(t, e.srv.DismissReview(gitops, pr.Number, "bob", "tweak reverted"))
	must(t, e.srv.Approve(gitops, pr.Number, "dave"))
	st, err := e.c.ChangeStatus(ctx, pr)
	must(t, err)
	want := []deploy.Review{
		{Login: "alice", Verdict: deploy.ReviewApproved, CommitID: pr.HeadSHA},
		{Login: "bob", Verdict: deploy.ReviewDismissed, CommitID: head},
		{Login: "dave", Verdict: deploy.ReviewApproved, CommitID: head},
	}
	if diff := cmp.Diff(want, st.Reviews, ignoreReviewIDAndTime); diff != "" {
		t.Errorf("reviews (-want +got):\n%s", diff)
	}
	ids := map[int64]bool{}
	for _, r := range st.Reviews {
		if r.ID == 0 || ids[r.ID] || r.SubmittedAt.IsZero() {
			t.Errorf("review %+v: want a unique ID and a submission time", r)
		}
		ids[r.ID] = true
	}
	if diff := cmp.Diff([]string{"alice", "dave"}, st.Approvals); diff != "" || len(st.ChangesRequested) != 0 || st.HeadSHA != head {
		t.Errorf("approvals (-want +got):\n%s; changes requested %q; head %s, want %s", diff, st.ChangesRequested, st.HeadSHA, head)
	}
}
