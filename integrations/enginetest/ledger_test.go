package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// GitHub logins of the people, joined to their Slack IDs through people:.
const (
	samGH   = "sam-gh"
	leeGH   = "lee-gh"
	mariaGH = "maria-gh"
	eveGH   = "eve-gh"
)

// ledgerWorld is newWorld with people: mapping sam, lee, maria and eve to
// their GitHub logins, and api v9.1.1 requested in production by maria.
func ledgerWorld(t *testing.T, adjust func(env *config.Environment)) (*world, deploy.Promotion) {
	t.Helper()
	w := newWorld(t, adjust)
	w.cfg.People = map[string]string{sam: samGH, lee: leeGH, maria: mariaGH, eve: eveGH}
	w.advance(11 * time.Minute)
	return w, w.request()
}

// twoApprovals asks production for two approvals.
func twoApprovals(env *config.Environment) { env.Approvals = 2 }

// lastLine returns the last thread line noticed for promotion id.
func (r *recorder) lastLine(id string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.notices) - 1; i >= 0; i-- {
		if r.notices[i].Promotion.ID == id {
			return r.notices[i].Line
		}
	}
	return ""
}

// wantState fails the test unless promotion id is in state.
func wantState(t *testing.T, w *world, id string, state deploy.State) deploy.Promotion {
	t.Helper()
	p := w.get(id)
	if p.State != state {
		t.Fatalf("promotion %s is %s (%s), want %s; last notice %q", id, p.State, p.StateReason, state, w.notes.lastLine(id))
	}
	return p
}

// wantLine fails the test unless the last thread line of id contains want.
func wantLine(t *testing.T, w *world, id, want string) {
	t.Helper()
	if got := w.notes.lastLine(id); !contains(got, want) {
		t.Errorf("last thread line of %s = %q, want it to contain %q", id, got, want)
	}
}

func TestLedgerGitHubReviews(t *testing.T) {
	ctx := context.Background()
	t.Run("OKApprovedReviewOfMappedApproverMerges", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		must(t, w.gh.Approve(gitops, p.PR.Number, samGH))
		w.tick()
		got := w.get(p.ID)
		if got.MergeSHA == "" {
			t.Fatalf("after sam's GitHub approval: %s (%s), want merged by deploybot", got.State, got.StateReason)
		}
		want := []deploy.Approval{{By: sam, Source: deploy.ApprovalGitHub, Verdict: deploy.ReviewApproved, Login: samGH,
			HeadSHA: p.PR.HeadSHA}}
		if diff := cmp.Diff(want, got.Approvals, ignoreAtAndID); diff != "" {
			t.Errorf("ledger (-want +got):\n%s", diff)
		}
		if line := w.notes.line(p.ID, deploy.NoticeApproved); !contains(line, "Approved by <@U0123ABCD> on GitHub — 1 of 1") {
			t.Errorf("approved line = %q", line)
		}
		checkAuditTrail(t, w, p.ID, []string{"request", "pr_opened", "review:approved", "approved", "merged", "sync_started"})
	})
	t.Run("OKUnmappedLoginShownNotCounted", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		must(t, w.gh.Approve(gitops, p.PR.Number, "stranger"))
		w.tick()
		wantState(t, w, p.ID, deploy.StatePROpen)
		wantLine(t, w, p.ID, "No approvals yet — 0 of 1 · not counted: @stranger on GitHub (not in people:, so deploybot can't tell who it is)")
	})
	t.Run("OKNotAnApproverNotCounted", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		must(t, w.gh.Approve(gitops, p.PR.Number, eveGH))
		w.tick()
		wantState(t, w, p.ID, deploy.StatePROpen)
		wantLine(t, w, p.ID, "not counted: <@UEVE> on GitHub (not an approver of production)")
	})
	t.Run("ErrRequesterAcrossIdentities", func(t *testing.T) {
		w, p := ledgerWorld(t, func(env *config.Environment) { env.Approvers = append(env.Approvers, maria) })
		must(t, w.gh.Approve(gitops, p.PR.Number, mariaGH))
		w.tick()
		wantState(t, w, p.ID, deploy.StatePROpen)
		wantLine(t, w, p.ID, "not counted: <@UMARIA> on GitHub (the requester can't approve their own promotion)")
	})
	t.Run("OKSlackAndGitHubTogether", func(t *testing.T) {
		w, p := ledgerWorld(t, twoApprovals)
		_, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		must(t, w.gh.Approve(gitops, p.PR.Number, leeGH))
		w.tick()
		got := w.get(p.ID)
		if got.MergeSHA == "" {
			t.Fatalf("after sam in Slack and lee on GitHub: %s (%s), want merged", got.State, got.StateReason)
		}
		want := "Approvals met · Approved by <@U0123ABCD> in Slack, <@ULEE> on GitHub — 2 of 2"
		if line := w.notes.line(p.ID, deploy.NoticeApproved); line != "Approved by <@U0123ABCD> in Slack — 1 of 2" {
			t.Errorf("first approved line = %q", line)
		}
		if got := w.lineOf(p.ID, deploy.NoticeApproved, 1); got != want {
			t.Errorf("approvals met line = %q, want %q", got, want)
		}
	})
	t.Run("ErrSamePersonCountsOnce", func(t *testing.T) {
		w, p := ledgerWorld(t, twoApprovals)
		must(t, w.gh.Approve(gitops, p.PR.Number, samGH))
		w.tick()
		if _, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam}); fault.ErrorCode(err) != fault.CodeConflict || !contains(err.Error(), "already approved") {
			t.Errorf("sam in Slack after sam on GitHub: %v, want already approved", err)
		}
		wantState(t, w, p.ID, deploy.StatePROpen)
		wantLine(t, w, p.ID, "Approved by <@U0123ABCD> on GitHub — 1 of 2")
	})
	t.Run("OKChangesRequestedBlocksUntilDismissed", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		must(t, w.gh.Review(gitops, p.PR.Number, leeGH, "REQUEST_CHANGES", "not before the freeze"))
		w.tick()
		_, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		w.tick()
		wantState(t, w, p.ID, deploy.StatePROpen)
		wantLine(t, w, p.ID, "changes requested by <@ULEE> on GitHub (blocks until dismissed or approved again)")
		// The clock stands still: the pull request itself looks unchanged
		// (the same updated_at, so 304), only its reviews changed.
		must(t, w.gh.DismissReview(gitops, p.PR.Number, leeGH, "the freeze is over"))
		w.tick()
		if got := w.get(p.ID); got.MergeSHA == "" {
			t.Fatalf("after the dismissal: %s (%s), want merged", got.State, got.StateReason)
		}
	})
	t.Run("OKChangesRequestedThenApprovedAgain", func(t *testing.T) {
		w, p := ledgerWorld(t, nil)
		must(t, w.gh.Review(gitops, p.PR.Number, samGH, "REQUEST_CHANGES", "wrong tag"))
		w.tick()
		wantState(t, w, p.ID, deploy.StatePROpen)
		_, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		if got := w.get(p.ID); got.MergeSHA == "" {
			t.Fatalf("after sam approved in Slack over his change request: %s (%s), want merged", got.State, got.StateReason)
		}
	})
}

func TestLedgerHeadMoved(t *testing.T) {
	ctx := context.Background()
	t.Run("OKEarlierApprovalsVoided", func(t *testing.T) {
		w, p := ledgerWorld(t, twoApprovals)
		_, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		must(t, w.gh.Approve(gitops, p.PR.Number, leeGH))
		head, err := w.gh.PushCommit(gitops, p.PR.Branch, eveGH, "tweak replicas",
			map[string][]byte{"environments/production/api/notes.txt": []byte("tweak\n")})
		must(t, err)
		w.tick()
		got := wantState(t, w, p.ID, deploy.StatePROpen)
		if got.PR.HeadSHA != head {
			t.Errorf("recorded head %s, want the pushed %s", got.PR.HeadSHA, head)
		}
		wantLine(t, w, p.ID, "New commits on "+p.PR.Branch)
		wantLine(t, w, p.ID, "No approvals yet — 0 of 2")
		wantLine(t, w, p.ID, "not counted: <@U0123ABCD> in Slack (approved "+p.PR.HeadSHA[:7]+", an older head; the head is now "+head[:7]+")")
		_, err = w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		wantState(t, w, p.ID, deploy.StatePROpen)
		must(t, w.gh.Approve(gitops, p.PR.Number, leeGH))
		w.tick()
		got = w.get(p.ID)
		if got.MergeSHA == "" {
			t.Fatalf("after both approved the new head: %s (%s), want merged", got.State, got.StateReason)
		}
		pr := w.prs()[0]
		if !pr.Merged || pr.HeadSHA != head {
			t.Errorf("GitHub PR merged %v at head %s, want merged at %s", pr.Merged, pr.HeadSHA, head)
		}
		if !anyContains(pr.Comments, "New commits on "+p.PR.Branch) {
			t.Errorf("PR comments %q: want one about the new commits", pr.Comments)
		}
	})
}

// anyContains reports whether any of ss contains sub.
func anyContains(ss []string, sub string) bool {
	for _, s := range ss {
		if contains(s, sub) {
			return true
		}
	}
	return false
}

// lineOf returns the thread line of the i-th (from 0) notice of kind for
// promotion id; "" when there is none.
func (w *world) lineOf(id string, kind deploy.NoticeKind, i int) string {
	w.notes.mu.Lock()
	defer w.notes.mu.Unlock()
	for _, n := range w.notes.notices {
		if n.Promotion.ID == id && n.Kind == kind {
			if i == 0 {
				return n.Line
			}
			i--
		}
	}
	return ""
}

// ignoreAtAndID leaves out the times and review IDs the stand-in assigns.
var ignoreAtAndID = cmp.FilterPath(func(p cmp.Path) bool {
	s := p.Last().String()
	return s == ".At" || s == ".ReviewID"
}, cmp.Ignore())

func TestLedgerOriginAuthor(t *testing.T) {
	w := newWorld(t, func(env *config.Environment) { env.ApproverNotAuthor = true })
	w.cfg.People = map[string]string{sam: samGH, lee: leeGH, maria: mariaGH}
	must(t, w.gh.AddRepo("acme/api", "main", map[string][]byte{"main.go": []byte("package main\n")}))
	_, sha, err := w.gh.AddMergedPR("acme/api", "Fix the token refresh", samGH, map[string][]byte{"token.go": []byte("package main\n")})
	must(t, err)
	_, err = w.gh.Tag("acme/api", "v9.1.1", sha)
	must(t, err)
	w.advance(11 * time.Minute)
	p := w.request()
	if p.OriginAuthor != samGH {
		t.Fatalf("origin author %q, want %s", p.OriginAuthor, samGH)
	}
	// sam wrote the change: his GitHub approval, joined to him through
	// people:, does not count, as his Slack approval would not.
	must(t, w.gh.Approve(gitops, p.PR.Number, samGH))
	w.tick()
	wantState(t, w, p.ID, deploy.StatePROpen)
	wantLine(t, w, p.ID, "not counted: <@U0123ABCD> on GitHub (wrote the original pull request behind v9.1.1)")
	must(t, w.gh.Approve(gitops, p.PR.Number, leeGH))
	w.tick()
	if got := w.get(p.ID); got.MergeSHA == "" {
		t.Fatalf("after lee's approval: %s (%s), want merged", got.State, got.StateReason)
	}
}
