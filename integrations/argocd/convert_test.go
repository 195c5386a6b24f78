package argocd

import (
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// revisions is what TestToRolloutRevisions checks of a Rollout.
type revisions struct {
	Synced, Compared, Deployed, Operation, Target string
	DeployedAt                                    time.Time
}

func TestToRolloutRevisions(t *testing.T) {
	mt := func(d time.Duration) *metav1.Time { x := metav1.NewTime(t0.Add(d)); return &x }
	history := v1alpha1.RevisionHistories{
		{ID: 1, Revision: "r1", DeployedAt: *mt(time.Minute)},
		{ID: 2, Revision: "r2", DeployedAt: *mt(2 * time.Minute)},
	}
	single := func(sync v1alpha1.SyncStatusCode, op *v1alpha1.OperationState) *v1alpha1.Application {
		return &v1alpha1.Application{
			Spec: v1alpha1.ApplicationSpec{Source: &v1alpha1.ApplicationSource{TargetRevision: "main"}},
			Status: v1alpha1.ApplicationStatus{
				Sync: v1alpha1.SyncStatus{Status: sync, Revision: "head"}, History: history, OperationState: op,
			},
		}
	}
	succeeded := &v1alpha1.OperationState{
		Operation: v1alpha1.Operation{Sync: &v1alpha1.SyncOperation{Revision: "r3"}},
		Phase:     synccommon.OperationSucceeded, SyncResult: &v1alpha1.SyncOperationResult{Revision: "r3"},
		StartedAt: *mt(3 * time.Minute), FinishedAt: mt(3*time.Minute + 5*time.Second),
	}
	failed := succeeded.DeepCopy()
	failed.Phase = synccommon.OperationFailed
	dryRun := succeeded.DeepCopy()
	dryRun.Operation.Sync.DryRun = true
	running := &v1alpha1.OperationState{
		Operation: v1alpha1.Operation{Sync: &v1alpha1.SyncOperation{Revision: "r4"}},
		Phase:     synccommon.OperationRunning, StartedAt: *mt(4 * time.Minute),
	}
	multi := &v1alpha1.Application{
		Spec: v1alpha1.ApplicationSpec{Sources: v1alpha1.ApplicationSources{
			{Chart: "api", TargetRevision: "1.2.3"}, {RepoURL: "https://github.com/acme/gitops.git", TargetRevision: "main", Ref: "values"},
		}},
		Status: v1alpha1.ApplicationStatus{
			Sync: v1alpha1.SyncStatus{Status: v1alpha1.SyncStatusCodeSynced, Revisions: []string{"1.2.3", "head"}},
			OperationState: &v1alpha1.OperationState{
				Operation: v1alpha1.Operation{Sync: &v1alpha1.SyncOperation{Revisions: []string{"1.2.3", "m1"}}},
				Phase:     synccommon.OperationSucceeded, SyncResult: &v1alpha1.SyncOperationResult{Revisions: []string{"1.2.3", "m1"}},
				FinishedAt: mt(time.Minute),
			},
		},
	}
	tests := []struct {
		name string
		app  *v1alpha1.Application
		want revisions
	}{
		{"OKSyncedIsCompared", single(v1alpha1.SyncStatusCodeSynced, succeeded),
			revisions{"head", "head", "r3", "r3", "main", t0.Add(3*time.Minute + 5*time.Second)}},
		{"OKOutOfSyncIsDeployed", single(v1alpha1.SyncStatusCodeOutOfSync, succeeded),
			revisions{"r3", "head", "r3", "r3", "main", t0.Add(3*time.Minute + 5*time.Second)}},
		{"OKFailedOperationFallsBackToHistory", single(v1alpha1.SyncStatusCodeOutOfSync, failed),
			revisions{"r2", "head", "r2", "r3", "main", t0.Add(2 * time.Minute)}},
		{"OKDryRunDeploysNothing", single(v1alpha1.SyncStatusCodeOutOfSync, dryRun),
			revisions{"r2", "head", "r2", "r3", "main", t0.Add(2 * time.Minute)}},
		{"OKRunningOperationRevision", single(v1alpha1.SyncStatusCodeOutOfSync, running),
			revisions{"r2", "head", "r2", "r4", "main", t0.Add(2 * time.Minute)}},
		{"OKNoOperation", single(v1alpha1.SyncStatusCodeUnknown, nil),
			revisions{"r2", "head", "r2", "", "main", t0.Add(2 * time.Minute)}},
		{"OKMultiSourceUsesGitSource", multi,
			revisions{"head", "head", "m1", "m1", "main", t0.Add(time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := toRollout(tt.app, t0)
			got := revisions{r.SyncedRevision, r.ComparedRevision, r.DeployedRevision, r.OperationRevision, r.TargetRevision, r.DeployedAt}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("revisions (-want +got):\n%s", diff)
			}
		})
	}
}
