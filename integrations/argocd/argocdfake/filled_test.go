package argocdfake_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
	"github.com/google/go-cmp/cmp"
)

var sha40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

// unfilled lists what Argo CD v2.14's controller and API server would
// have filled in a and the stand-in did not, or filled differently. The
// rules cite the code they follow (argo-cd v2.14.21 in the module cache).
func unfilled(a *v1alpha1.Application) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if a.Name == "" || a.Namespace != "argocd" || a.UID == "" || a.ResourceVersion == "" || a.Generation == 0 || a.CreationTimestamp.IsZero() {
		add("metadata: name %q, namespace %q, uid %q, resourceVersion %q, generation %d, creationTimestamp %v: want all set",
			a.Name, a.Namespace, a.UID, a.ResourceVersion, a.Generation, a.CreationTimestamp)
	}
	p = append(p, unfilledStatus(a)...)
	p = append(p, unfilledHistory(a)...)
	p = append(p, unfilledOperation(a)...)
	return p
}

// comparisonFailed reports whether the last comparison could not load the
// target state.
func comparisonFailed(a *v1alpha1.Application) bool {
	return slices.ContainsFunc(a.Status.Conditions, func(c v1alpha1.ApplicationCondition) bool {
		return c.Type == v1alpha1.ApplicationConditionComparisonError
	})
}

// unfilledStatus: appcontroller.go processAppRefreshQueueItem sets sync,
// health, resources (sorted by group/kind/namespace/name), sourceType,
// controllerNamespace and reconciledAt on every comparison; state.go
// CompareAppState sets comparedTo from the spec, and the revision from the
// manifests it generated (none, so "", when loading the target state
// failed; then every resource's status is Unknown).
func unfilledStatus(a *v1alpha1.Application) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	st := a.Status
	failed := comparisonFailed(a)
	switch {
	case failed && (st.Sync.Status != v1alpha1.SyncStatusCodeUnknown || st.Sync.Revision != ""):
		add("status.sync after a ComparisonError: %s at %q, want Unknown at \"\"", st.Sync.Status, st.Sync.Revision)
	case !failed && !sha40.MatchString(st.Sync.Revision):
		add("status.sync.revision %q: want the compared commit", st.Sync.Revision)
	}
	if a.Spec.Source == nil || st.Sync.ComparedTo.Source.RepoURL != a.Spec.Source.RepoURL || st.Sync.ComparedTo.Destination != a.Spec.Destination {
		add("status.sync.comparedTo %+v: want the spec's source and destination", st.Sync.ComparedTo)
	}
	if st.Health.Status == "" || st.ReconciledAt == nil || st.SourceType == "" || st.ControllerNamespace != "argocd" {
		add("status: health %q, reconciledAt %v, sourceType %q, controllerNamespace %q: want all set",
			st.Health.Status, st.ReconciledAt, st.SourceType, st.ControllerNamespace)
	}
	if len(st.Resources) == 0 {
		add("status.resources: empty")
	}
	keys := make([]string, 0, len(st.Resources))
	for _, r := range st.Resources {
		keys = append(keys, r.Group+"/"+r.Kind+"/"+r.Namespace+"/"+r.Name)
		if r.Version == "" || r.Kind == "" || r.Name == "" || r.Namespace == "" || r.Status == "" || r.Health == nil || r.Health.Status == "" {
			add("status.resources %s: version %q, status %q, health %v: want all set", r.Kind+"/"+r.Name, r.Version, r.Status, r.Health)
		}
		if failed && r.Status != v1alpha1.SyncStatusCodeUnknown {
			add("status.resources %s after a ComparisonError: %s, want Unknown", r.Kind+"/"+r.Name, r.Status)
		}
	}
	if !slices.IsSorted(keys) {
		add("status.resources in the order %v: want sorted by group/kind/namespace/name", keys)
	}
	return p
}

// unfilledHistory: state.go persistRevisionHistory appends {id: last+1
// (0 first), revision, deployStartedAt, deployedAt, source, initiatedBy}
// and keeps the last spec.revisionHistoryLimit (default 10) entries.
func unfilledHistory(a *v1alpha1.Application) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	h := a.Status.History
	if len(h) == 0 || len(h) > 10 {
		add("status.history: %d entries, want 1 to 10", len(h))
	}
	for i, e := range h {
		if i > 0 && e.ID != h[i-1].ID+1 || i == 0 && len(h) < 10 && e.ID != 0 {
			add("status.history[%d].id %d: want ids counting up from 0", i, e.ID)
		}
		if !sha40.MatchString(e.Revision) || e.DeployedAt.IsZero() || e.DeployStartedAt == nil || e.DeployStartedAt.After(e.DeployedAt.Time) ||
			e.Source.RepoURL == "" || e.InitiatedBy.Username == "" && !e.InitiatedBy.Automated {
			add("status.history[%d] %+v: want revision, deployStartedAt <= deployedAt, source and initiatedBy", i, e)
		}
	}
	return p
}

// unfilledOperation: appcontroller.go setOperationState clears .operation
// once the operation completed and stamps finishedAt; a failed attempt
// with retries left stays Running with finishedAt set and retryCount
// counted (processRequestedAppOperation); autoSync gives automated
// operations retry.limit 5 and, once an attempt to the compared revision
// failed for good, a SyncError condition "Failed sync attempt to <sha>:
// <message>"; argo.SetAppOperation clears operationState when an
// operation is requested; sync.go SyncAppState fills syncResult.
func unfilledOperation(a *v1alpha1.Application) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	op := a.Status.OperationState
	running := op != nil && !op.Phase.Completed()
	if (a.Operation != nil) != (op == nil || running) {
		add(".operation %v with operationState phase %v: want .operation set only until the operation completes", a.Operation != nil, phaseOf(op))
	}
	if op == nil {
		return p
	}
	if !sha40.MatchString(op.Operation.Sync.Revision) || op.Phase == "" || op.StartedAt.IsZero() || op.Message == "" && op.Phase != synccommon.OperationRunning {
		add("status.operationState: revision %q, phase %q, startedAt %v, message %q: want all set", op.Operation.Sync.Revision, op.Phase, op.StartedAt, op.Message)
	}
	if op.Operation.InitiatedBy.Automated && op.Operation.Retry.Limit != 5 {
		add("status.operationState.operation.retry.limit %d of an automated sync: want 5", op.Operation.Retry.Limit)
	}
	if (op.FinishedAt != nil) != (op.Phase.Completed() || op.RetryCount > 0) {
		add("status.operationState.finishedAt %v in phase %s after %d retries", op.FinishedAt, op.Phase, op.RetryCount)
	}
	if op.Phase.Completed() && (op.SyncResult == nil || op.SyncResult.Revision != op.Operation.Sync.Revision ||
		op.SyncResult.Source.RepoURL == "" || len(op.SyncResult.Resources) == 0) {
		add("status.operationState.syncResult %+v: want the revision, source and resources", op.SyncResult)
	}
	gaveUp := op.Phase.Completed() && !op.Phase.Successful() && op.Operation.InitiatedBy.Automated &&
		a.Status.Sync.Status == v1alpha1.SyncStatusCodeOutOfSync && op.SyncResult != nil && op.SyncResult.Revision == a.Status.Sync.Revision
	want := []v1alpha1.ApplicationCondition(nil)
	if gaveUp {
		want = []v1alpha1.ApplicationCondition{{Type: v1alpha1.ApplicationConditionSyncError,
			Message: "Failed sync attempt to " + a.Status.Sync.Revision + ": " + op.Message}}
	}
	var got []v1alpha1.ApplicationCondition
	for _, c := range a.Status.Conditions {
		if c.Type == v1alpha1.ApplicationConditionSyncError {
			got = append(got, v1alpha1.ApplicationCondition{Type: c.Type, Message: c.Message})
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		add("status.conditions SyncError (-want +got):\n%s", diff)
	}
	return p
}

func phaseOf(op *v1alpha1.OperationState) string {
	if op == nil {
		return "none"
	}
	return string(op.Phase)
}

// TestFilled checks every Application the testdrive's stand-in serves,
// in every state, for what Argo CD fills (see unfilled).
func TestFilled(t *testing.T) {
	for _, s := range testdrive(t) {
		t.Run("OK/"+s.step+"/"+s.app.Name, func(t *testing.T) {
			if diff := cmp.Diff([]string(nil), unfilled(s.app)); diff != "" {
				t.Errorf("unfilled (-want +got):\n%s", diff)
			}
		})
	}
}
