package argocdfake

import (
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/google/go-cmp/cmp"
)

// TestManualSync walks a manual-sync app through a merge: OutOfSync, Sync,
// Running, Succeeded, the refresh after it, Progressing, Healthy.
func TestManualSync(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	h0 := get(t, c, "api-production").Status.Sync.Revision
	h1 := f.src.Commit(repo, "main", prodFile)
	img0, img1 := "ghcr.io/acme/api:"+h0[:7], "ghcr.io/acme/api:"+h1[:7]
	initial := view{Sync: "Synced", SyncRevision: h0, Health: "Healthy", Phase: "Succeeded",
		OpMessage: msgSucceeded, OpRevision: h0, ReconciledAt: t0, StartedAt: t0, Finish: t0, History: 1, Images: []string{img0}}
	if diff := cmp.Diff(initial, viewOf(get(t, c, "api-production"))); diff != "" {
		t.Fatalf("initial (-want +got):\n%s", diff)
	}

	f.advance(t, time.Minute)
	outOfSync := initial
	outOfSync.Sync, outOfSync.SyncRevision, outOfSync.ReconciledAt = "OutOfSync", h1, t0.Add(time.Minute)
	if diff := cmp.Diff(outOfSync, viewOf(get(t, c, "api-production"))); diff != "" {
		t.Fatalf("after merge (-want +got):\n%s", diff)
	}

	a, err := c.Sync(t.Context(), &application.ApplicationSyncRequest{Name: ptr("api-production"), Revision: ptr(h1), Prune: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	requested := outOfSync
	requested.Operation, requested.Phase, requested.OpMessage, requested.OpRevision = true, "", "", ""
	requested.StartedAt, requested.Finish = time.Time{}, time.Time{}
	if diff := cmp.Diff(requested, viewOf(a)); diff != "" {
		t.Fatalf("Sync reply (-want +got):\n%s", diff)
	}
	if got := a.Operation.Sync; got.Revision != h1 || !got.Prune || a.Operation.InitiatedBy.Username != "admin" {
		t.Errorf("operation = %+v by %+v, want revision %s, prune, by admin", got, a.Operation.InitiatedBy, h1)
	}

	steps := []struct {
		name    string
		advance time.Duration
		want    view
	}{
		{"Running", 0, view{Sync: "OutOfSync", SyncRevision: h1, Health: "Healthy", Operation: true, Phase: "Running",
			OpMessage: msgRunning, ReconciledAt: t0.Add(time.Minute), StartedAt: t0.Add(time.Minute), History: 1, Images: []string{img0}}},
		{"Succeeded", 5 * time.Second, view{Sync: "OutOfSync", SyncRevision: h1, Health: "Healthy", Phase: "Succeeded",
			OpMessage: msgSucceeded, OpRevision: h1, ReconciledAt: t0.Add(time.Minute), StartedAt: t0.Add(time.Minute),
			Finish: t0.Add(65 * time.Second), History: 2, Images: []string{img0}}},
		{"Progressing", 2 * time.Second, view{Sync: "Synced", SyncRevision: h1, Health: "Progressing", Phase: "Succeeded",
			OpMessage: msgSucceeded, OpRevision: h1, ReconciledAt: t0.Add(67 * time.Second), StartedAt: t0.Add(time.Minute),
			Finish: t0.Add(65 * time.Second), History: 2, Images: []string{img1}}},
		{"StillProgressing", 29 * time.Second, view{Sync: "Synced", SyncRevision: h1, Health: "Progressing", Phase: "Succeeded",
			OpMessage: msgSucceeded, OpRevision: h1, ReconciledAt: t0.Add(67 * time.Second), StartedAt: t0.Add(time.Minute),
			Finish: t0.Add(65 * time.Second), History: 2, Images: []string{img1}}},
		{"Healthy", time.Second, view{Sync: "Synced", SyncRevision: h1, Health: "Healthy", Phase: "Succeeded",
			OpMessage: msgSucceeded, OpRevision: h1, ReconciledAt: t0.Add(97 * time.Second), StartedAt: t0.Add(time.Minute),
			Finish: t0.Add(65 * time.Second), History: 2, Images: []string{img1}}},
		{"PeriodicReconcile", 3 * time.Minute, view{Sync: "Synced", SyncRevision: h1, Health: "Healthy", Phase: "Succeeded",
			OpMessage: msgSucceeded, OpRevision: h1, ReconciledAt: t0.Add(277 * time.Second), StartedAt: t0.Add(time.Minute),
			Finish: t0.Add(65 * time.Second), History: 2, Images: []string{img1}}},
	}
	for _, st := range steps {
		f.advance(t, st.advance)
		if diff := cmp.Diff(st.want, viewOf(get(t, c, "api-production"))); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", st.name, diff)
		}
	}
	a = get(t, c, "api-production")
	if got, want := a.Status.Health.LastTransitionTime.UTC(), t0.Add(97*time.Second); !got.Equal(want) {
		t.Errorf("health lastTransitionTime = %v, want %v", got, want)
	}
	last := a.Status.History[len(a.Status.History)-1]
	if last.Revision != h1 || !last.DeployedAt.UTC().Equal(t0.Add(65*time.Second)) || last.ID != 1 {
		t.Errorf("last history entry = %+v, want id 1, revision %s deployed at finishedAt", last, h1)
	}
}

// TestAutomatedSync: a merge touching the app's files syncs by itself; one
// touching other files only moves the compared revision.
func TestAutomatedSync(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	h1 := f.src.Commit(repo, "main", "README.md")
	f.advance(t, time.Minute)
	if diff := cmp.Diff([]string{"Synced", h1, "Healthy"}, statusOf(get(t, c, "api-staging"))); diff != "" {
		t.Fatalf("unrelated change (-want +got):\n%s", diff)
	}
	h2 := f.src.Commit(repo, "main", stgFile)
	f.advance(t, time.Minute)
	a := get(t, c, "api-staging")
	if diff := cmp.Diff([]string{"OutOfSync", h2, "Healthy", "Running"}, append(statusOf(a), string(a.Status.OperationState.Phase))); diff != "" {
		t.Fatalf("after merge (-want +got):\n%s", diff)
	}
	if !a.Operation.InitiatedBy.Automated {
		t.Errorf("operation initiated by %+v, want automated", a.Operation.InitiatedBy)
	}
	f.advance(t, time.Minute)
	a = get(t, c, "api-staging")
	if diff := cmp.Diff([]string{"Synced", h2, "Healthy", "Succeeded"}, append(statusOf(a), string(a.Status.OperationState.Phase))); diff != "" {
		t.Fatalf("after rollout (-want +got):\n%s", diff)
	}
	if !a.Status.ReconciledAt.After(a.Status.OperationState.FinishedAt.Time) {
		t.Errorf("reconciledAt %v not after finishedAt %v", a.Status.ReconciledAt, a.Status.OperationState.FinishedAt)
	}
	if got := get(t, c, "api-production").Status.Sync.Status; got != "Synced" {
		t.Errorf("api-production sync = %s, want Synced (its file did not change)", got)
	}
}

// statusOf is sync status, synced revision and health.
func statusOf(a *v1alpha1.Application) []string {
	return []string{string(a.Status.Sync.Status), a.Status.Sync.Revision, string(a.Status.Health.Status)}
}

func TestSyncRequests(t *testing.T) {
	tests := []struct {
		name     string
		req      *application.ApplicationSyncRequest
		twice    bool
		wantCode string
		wantMsg  string
	}{
		{name: "OK", req: &application.ApplicationSyncRequest{Name: ptr("api-production")}, wantCode: "OK"},
		{name: "OKBranch", req: &application.ApplicationSyncRequest{Name: ptr("api-production"), Revision: ptr("main")}, wantCode: "OK"},
		{name: "ErrOperationInProgress", req: &application.ApplicationSyncRequest{Name: ptr("api-production")}, twice: true,
			wantCode: "FailedPrecondition", wantMsg: "another operation is already in progress"},
		{name: "ErrAutomatedOtherRevision", req: &application.ApplicationSyncRequest{Name: ptr("api-staging"), Revision: ptr("release")},
			wantCode: "FailedPrecondition", wantMsg: "Cannot sync to release: auto-sync currently set to main"},
		{name: "ErrUnknownRevision", req: &application.ApplicationSyncRequest{Name: ptr("api-production"), Revision: ptr("nope")},
			wantCode: "FailedPrecondition", wantMsg: "error resolving repo revision: rpc error: code = Unknown desc = unable to resolve 'nope' to a commit SHA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokAdmin)
			_, err := c.Sync(t.Context(), tt.req)
			if tt.twice && err == nil {
				_, err = c.Sync(t.Context(), tt.req)
			}
			code, msg := codeMsg(err)
			if diff := cmp.Diff([2]string{tt.wantCode, tt.wantMsg}, [2]string{code, msg}); diff != "" {
				t.Errorf("code, message (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDryRun: a dry run succeeds without deploying anything.
func TestDryRun(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	h1 := f.src.Commit(repo, "main", prodFile)
	f.advance(t, time.Minute)
	if _, err := c.Sync(t.Context(), &application.ApplicationSyncRequest{Name: ptr("api-production"), DryRun: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	f.advance(t, time.Minute)
	a := get(t, c, "api-production")
	got := append(statusOf(a), string(a.Status.OperationState.Phase), a.Status.OperationState.SyncResult.Revision)
	if diff := cmp.Diff([]string{"OutOfSync", h1, "Healthy", "Succeeded", h1}, got); diff != "" {
		t.Errorf("after dry run (-want +got):\n%s", diff)
	}
	if !a.Status.OperationState.Operation.Sync.DryRun || len(a.Status.History) != 1 {
		t.Errorf("dryRun = %v, history = %d entries; want true, 1", a.Status.OperationState.Operation.Sync.DryRun, len(a.Status.History))
	}
}

// TestPartialSync: a sync of some resources deploys them but, as in
// Argo CD (controller/sync.go persists history only for a sync of every
// resource), adds no history entry; the stand-in used to add one.
func TestPartialSync(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	h1 := f.src.Commit(repo, "main", prodFile)
	f.advance(t, time.Minute)
	req := syncReq("api-production", h1)
	req.Resources = []*v1alpha1.SyncOperationResource{{Group: "apps", Kind: "Deployment", Name: "api"}}
	if _, err := c.Sync(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 0)
	f.advance(t, time.Minute)
	a := get(t, c, "api-production")
	got := append(statusOf(a), string(a.Status.OperationState.Phase), a.Status.OperationState.SyncResult.Revision)
	if diff := cmp.Diff([]string{"Synced", h1, "Healthy", "Succeeded", h1}, got); diff != "" {
		t.Errorf("after a partial sync (-want +got):\n%s", diff)
	}
	if n := len(a.Status.History); n != 1 || a.Status.History[0].Revision == h1 {
		t.Errorf("history has %d entries, the last %s; want only the seeded deployment", n, a.Status.History[n-1].Revision)
	}
}

// TestGetRefresh: Get with refresh reconciles at once.
func TestGetRefresh(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	h1 := f.src.Commit(repo, "main", prodFile)
	f.clock.Advance(10 * time.Second)
	a, err := c.Get(t.Context(), &application.ApplicationQuery{Name: ptr("api-production"), Refresh: ptr("normal")})
	if err != nil {
		t.Fatal(err)
	}
	want := view{Sync: "OutOfSync", SyncRevision: h1, ReconciledAt: t0.Add(10 * time.Second)}
	got := viewOf(a)
	if diff := cmp.Diff(want, view{Sync: got.Sync, SyncRevision: got.SyncRevision, ReconciledAt: got.ReconciledAt}); diff != "" {
		t.Errorf("after refresh (-want +got):\n%s", diff)
	}
}
