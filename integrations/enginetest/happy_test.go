package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

func TestHappyPath(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute) // staging soaked
	p := w.request()
	if p.State != deploy.StatePROpen || p.PR.Number == 0 || p.Version != "v9.1.1" || p.PreviousVersion != "v9.1.0" {
		t.Fatalf("after Request: %+v", p)
	}
	if p.Evidence == nil || p.Evidence.Env != "staging" {
		t.Errorf("evidence = %+v, want staging's", p.Evidence)
	}
	if _, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam}); err != nil {
		t.Fatal(err)
	}
	p = w.get(p.ID)
	if p.State != deploy.StateMerged || p.MergeSHA == "" {
		t.Fatalf("after Approve: %s %q", p.State, p.MergeSHA)
	}
	p = w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
	p = w.runUntil(p.ID, time.Minute, 40*time.Minute, deploy.StateSucceeded)
	kinds, refs := w.notes.of(p.ID)
	want := []deploy.NoticeKind{deploy.NoticePlanned, deploy.NoticeApproved, deploy.NoticeMerged,
		deploy.NoticeSyncStarted, deploy.NoticeDeployed, deploy.NoticeWindowEnded}
	if diff := cmp.Diff(want, withoutProgress(kinds)); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	for _, r := range refs[1:] {
		if r != refs[1] || r.TS == "" {
			t.Errorf("notice refs %v: later notices must update the first message", refs)
			break
		}
	}
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d PRs, want 1", n)
	}
	if got, _ := w.gh.File(gitops, "main", prodFile); !contains(string(got), "api-v9.1.1") {
		t.Errorf("production file after merge:\n%s", got)
	}
	checkAuditTrail(t, w, p.ID, []string{"request", "pr_opened", "approve", "approved", "merged", "sync_started", "deployed", "window_ended"})
}

// withoutProgress drops progress notices, whose number depends on timing.
func withoutProgress(kinds []deploy.NoticeKind) []deploy.NoticeKind {
	var out []deploy.NoticeKind
	for _, k := range kinds {
		if k != deploy.NoticeProgressing {
			out = append(out, k)
		}
	}
	return out
}

// checkAuditTrail compares the actions of promotion id's audit log.
func checkAuditTrail(t *testing.T, w *world, id string, want []string) {
	t.Helper()
	evs, err := w.st.Audit(id)
	must(t, err)
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Action)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit of %s (-want +got):\n%s", id, diff)
	}
}

func contains(s, sub string) bool { return len(sub) == 0 || len(s) >= len(sub) && indexOf(s, sub) >= 0 }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
