package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/argoproj/gitops-engine/pkg/health"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

// deployHealthy requests, approves and follows api v9.1.1 to watching.
func deployHealthy(t *testing.T, w *world) deploy.Promotion {
	t.Helper()
	w.advance(11 * time.Minute)
	p := w.request()
	_, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam})
	must(t, err)
	return w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
}

func TestDegradedThenRollback(t *testing.T) {
	w := newWorld(t, nil)
	ctx := context.Background()
	p := deployHealthy(t, w)
	must(t, w.argo.SetHealth("api-production", health.HealthStatusDegraded, "Back-off restarting failed container"))
	p = w.runUntil(p.ID, 10*time.Second, time.Minute, deploy.StateFailed)
	if kinds, _ := w.notes.of(p.ID); kinds[len(kinds)-1] != deploy.NoticeDegraded {
		t.Errorf("last notice %v, want degraded", kinds)
	}

	if _, err := w.eng.Rollback(ctx, deploy.RollbackRequest{Service: "api", Env: "prod", Person: deploy.Person{ID: eve}}); fault.ErrorCode(err) != fault.CodeUnauthorised {
		t.Errorf("rollback by eve: %v, want unauthorised", err)
	}
	rb, err := w.eng.Rollback(ctx, deploy.RollbackRequest{Service: "api", Env: "prod", Person: deploy.Person{ID: sam}, Reason: "crash loop"})
	must(t, err)
	if rb.State != deploy.StateMerged || rb.RollbackOf != p.ID || rb.Version != "v9.1.0" {
		t.Fatalf("rollback: %s of %s to %s (%s)", rb.State, rb.RollbackOf, rb.Version, rb.StateReason)
	}
	if got := w.get(p.ID); got.State != deploy.StateRolledBack || got.RolledBackBy != rb.ID {
		t.Errorf("original: %s by %q", got.State, got.RolledBackBy)
	}
	if got, _ := w.gh.File(gitops, "main", prodFile); !contains(string(got), "api-v9.1.0") {
		t.Errorf("production file after rollback:\n%s", got)
	}
	rb = w.runUntil(rb.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
	w.advance(31 * time.Minute)
	rb = w.runUntil(rb.ID, time.Minute, time.Minute, deploy.StateSucceeded)

	// v9.1.1 is quarantined: without --force it is blocked and recorded.
	_, err = w.eng.Request(ctx, deploy.Request{Service: "api", Env: "prod", Requester: deploy.Person{ID: maria}})
	if fault.ErrorCode(err) != fault.CodeBlocked || !contains(err.Error(), "--force") {
		t.Fatalf("re-promote without force: %v", err)
	}
	again, err := w.eng.Request(ctx, deploy.Request{Service: "api", Env: "prod", Requester: deploy.Person{ID: maria},
		Force: "fixed by a config change"})
	must(t, err)
	if again.State != deploy.StatePROpen {
		t.Fatalf("forced request: %s %s", again.State, again.StateReason)
	}
	checkAuditTrail(t, w, again.ID, []string{"request", "force", "pr_opened"})
	if n := len(w.prs()); n != 3 {
		t.Errorf("%d PRs, want 3 (promotion, rollback, promotion)", n)
	}
}

func TestStuckProgressingFails(t *testing.T) {
	w := newWorld(t, nil)
	must(t, w.argo.Script("api-production", argocdfake.Script{Outcome: argocdfake.OutcomeStuck}))
	w.advance(11 * time.Minute)
	p := w.request()
	_, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam})
	must(t, err)
	p = w.runUntil(p.ID, time.Minute, 20*time.Minute, deploy.StateFailed)
	if !contains(p.StateReason, "Progressing") {
		t.Errorf("reason %q should say it was stuck Progressing", p.StateReason)
	}
	// The pair is free again: a rollback may start.
	if kinds, _ := w.notes.of(p.ID); kinds[len(kinds)-1] != deploy.NoticeFailed {
		t.Errorf("notices %v, want failed last", kinds)
	}
}

func TestPRClosedOnGitHubCancels(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	must(t, w.gh.ClosePR(gitops, p.PR.Number))
	w.tick()
	if got := w.get(p.ID); got.State != deploy.StateCancelled {
		t.Fatalf("state %s, want cancelled", got.State)
	}
	// The lock is released: a new request goes ahead.
	q := w.request()
	if q.State != deploy.StatePROpen {
		t.Errorf("next request: %s (%s)", q.State, q.StateReason)
	}
}

func TestMergedByPersonIsFollowed(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	sha, err := w.gh.MergePR(gitops, p.PR.Number, "octo-admin")
	must(t, err)
	w.tick()
	got := w.get(p.ID)
	if got.State != deploy.StateSyncing || got.MergeSHA != sha {
		t.Fatalf("after tick: %s at %q, want syncing at %s", got.State, got.MergeSHA, sha)
	}
	w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
}
