package enginetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestApprovalRules(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrSelfApproval", func(t *testing.T) {
		w := newWorld(t, func(env *config.Environment) { env.Approvers = append(env.Approvers, maria) })
		w.advance(11 * time.Minute)
		p := w.request()
		_, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: maria})
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !contains(err.Error(), "your own") {
			t.Fatalf("self-approval: %v", err)
		}
		checkAuditTrail(t, w, p.ID, []string{"request", "pr_opened", "refused:approve"})
	})
	t.Run("ErrNotApprover", func(t *testing.T) {
		w := newWorld(t, nil)
		w.advance(11 * time.Minute)
		p := w.request()
		if _, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: eve}); fault.ErrorCode(err) != fault.CodeUnauthorised {
			t.Fatalf("approval by eve: %v", err)
		}
		if got := w.get(p.ID); got.State != deploy.StatePROpen || len(got.Approvals) != 0 {
			t.Errorf("after refusal: %s %v", got.State, got.Approvals)
		}
	})
	t.Run("TwoApprovals", func(t *testing.T) {
		w := newWorld(t, func(env *config.Environment) { env.Approvals = 2 })
		w.advance(11 * time.Minute)
		p := w.request()
		got, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam})
		must(t, err)
		if got.State != deploy.StatePROpen {
			t.Fatalf("after one approval: %s", got.State)
		}
		if _, err := w.eng.Approve(ctx, p.ID, deploy.Person{ID: sam}); fault.ErrorCode(err) != fault.CodeConflict {
			t.Errorf("second approval by sam: %v", err)
		}
		got, err = w.eng.Approve(ctx, p.ID, deploy.Person{ID: lee})
		must(t, err)
		if got.State != deploy.StateMerged {
			t.Errorf("after two approvals: %s (%s)", got.State, got.StateReason)
		}
	})
}

func TestRaceOfTwoRequests(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.eng.Request(context.Background(), deploy.Request{Service: "api", Env: "production",
				Requester: deploy.Person{ID: []string{maria, eve}[i]}})
		}()
	}
	wg.Wait()
	won, lost := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case fault.ErrorCode(err) == fault.CodeConflict && contains(err.Error(), "already being promoted"):
			lost++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 || lost != 1 {
		t.Errorf("won %d, lost %d; want exactly one each: %v", won, lost, errs)
	}
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d PRs, want 1", n)
	}
}

func TestCancel(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	if _, err := w.eng.Cancel(context.Background(), p.ID, deploy.Person{ID: eve}); fault.ErrorCode(err) != fault.CodeUnauthorised {
		t.Errorf("cancel by eve: %v", err)
	}
	got, err := w.eng.Cancel(context.Background(), p.ID, deploy.Person{ID: maria})
	must(t, err)
	if got.State != deploy.StateCancelled {
		t.Errorf("state %s", got.State)
	}
	pr, err := w.gh.PR(gitops, p.PR.Number)
	must(t, err)
	if pr.State != "closed" || pr.Merged {
		t.Errorf("PR %s merged=%v, want closed", pr.State, pr.Merged)
	}
}

// TestRestartAfterEachStep stops the engine and store after every step,
// reopens the same file with a new engine and ticks: the promotion ends
// succeeded with one PR, one merge and one announcement.
func TestRestartAfterEachStep(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	w.restart()
	w.tick()
	w.restart()
	_, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam})
	must(t, err)
	for i := 0; i < 60; i++ {
		w.restart()
		w.tick()
		w.tick() // a repeated pass changes nothing
		if w.get(p.ID).State == deploy.StateSucceeded {
			break
		}
		w.advance(time.Minute)
	}
	got := w.get(p.ID)
	if got.State != deploy.StateSucceeded {
		t.Fatalf("state %s (%s)", got.State, got.StateReason)
	}
	prs := w.prs()
	merged := 0
	for _, pr := range prs {
		if pr.Merged {
			merged++
		}
	}
	if len(prs) != 1 || merged != 1 {
		t.Errorf("%d PRs, %d merged; want 1 and 1", len(prs), merged)
	}
	_, refs := w.notes.of(p.ID)
	for _, r := range refs[1:] {
		if r != refs[1] {
			t.Fatalf("notices went to %v; want every update on the first message", refs)
		}
	}
	if w.notes.posts != 1 {
		t.Errorf("%d messages posted, want 1", w.notes.posts)
	}
}

// TestCrashBeforeOpen leaves a promotion requested, as a crash right
// after recording it would, and checks Tick opens exactly one PR even
// when the branch and PR already exist.
func TestCrashBeforeOpen(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	// Roll the stored state back to requested, as if the crash came after
	// OpenChange but before pr_open was recorded.
	stored := w.get(p.ID)
	stored.State, stored.PR, stored.Notified = deploy.StateRequested, deploy.PullRequest{}, ""
	must(t, w.st.PutPromotion(stored))
	w.restart()
	w.tick()
	got := w.get(p.ID)
	if got.State != deploy.StatePROpen || got.PR.Number != p.PR.Number {
		t.Fatalf("after recovery: %s PR #%d, want pr_open #%d", got.State, got.PR.Number, p.PR.Number)
	}
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d PRs, want 1", n)
	}
}
