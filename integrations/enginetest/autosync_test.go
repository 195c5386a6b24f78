package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// TestAutoSyncUnrelatedCommitAfterMerge promotes api to staging, which
// Argo CD syncs by itself, and lands an unrelated commit (another app's
// file) on main right after the merge, before Argo CD looks: Argo CD
// then syncs and reports the newer commit, which contains the merge, and
// the watch must still end succeeded rather than wait for the merge
// commit until the progress deadline.
func TestAutoSyncUnrelatedCommitAfterMerge(t *testing.T) {
	w := newWorld(t, nil)
	p, err := w.eng.Request(context.Background(), deploy.Request{Service: "api", Version: "v9.1.2", Env: "staging",
		Requester: deploy.Person{ID: maria}, Reason: "next patch"})
	must(t, err)
	if p.State != deploy.StatePROpen {
		t.Fatalf("after Request: %s (%s)", p.State, p.StateReason)
	}
	w.tick() // no approval needed: merged
	p = w.get(p.ID)
	if p.MergeSHA == "" {
		t.Fatalf("not merged: %s (%s)", p.State, p.StateReason)
	}
	later, err := w.gh.PushCommit(gitops, "main", "sam", "billing: more replicas",
		map[string][]byte{"environments/staging/billing/config.yaml": []byte("service:\n  name: billing\n  chartTag: \"billing-v2.0.3\"\n  replicas: 3\n")})
	must(t, err)
	p = w.runUntil(p.ID, time.Minute, 45*time.Minute, deploy.StateSucceeded, deploy.StateFailed)
	if p.State != deploy.StateSucceeded {
		t.Fatalf("state %s (%s), want succeeded", p.State, p.StateReason)
	}
	if p.Rollout == nil || p.Rollout.SyncedRevision != later {
		t.Errorf("recorded rollout at %v, want the later commit %s", p.Rollout, later)
	}
	if p.HealthyAt.Sub(p.MergedAt) > 5*time.Minute {
		t.Errorf("healthy %s after the merge; the later commit should have counted at once", p.HealthyAt.Sub(p.MergedAt))
	}
}
