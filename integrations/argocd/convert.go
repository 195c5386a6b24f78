package argocd

import (
	"slices"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/deploybot/deploybot/deploy"
)

// toRollout translates an Application observed at now into a
// deploy.Rollout (without Unhealthy, which needs the resource tree).
//
// Revisions: ComparedRevision is status.sync.revision; DeployedRevision
// is the last operation's syncResult.revision when that operation
// succeeded (and was no dry run), else the newest history entry's;
// SyncedRevision is ComparedRevision when the app is Synced, else
// DeployedRevision. For an app with several sources the revisions of its
// first Git source (one without a Helm chart) are used.
func toRollout(a *v1alpha1.Application, now time.Time) deploy.Rollout {
	st := &a.Status
	src := gitSource(a)
	r := deploy.Rollout{
		App:              a.Name,
		SyncStatus:       string(st.Sync.Status),
		ComparedRevision: pick(st.Sync.Revision, st.Sync.Revisions, src),
		TargetRevision:   targetRevision(a, src),
		Health:           string(st.Health.Status),
		HealthMessage:    st.Health.Message,
		HealthSince:      timeOf(st.Health.LastTransitionTime),
		ReconciledAt:     timeOf(st.ReconciledAt),
		Images:           slices.Clone(st.Summary.Images),
		ObservedAt:       now,
	}
	setOperation(&r, st.OperationState, src)
	r.DeployedRevision, r.DeployedAt = deployed(st, src)
	r.SyncedRevision = r.DeployedRevision
	if st.Sync.Status == v1alpha1.SyncStatusCodeSynced && r.ComparedRevision != "" {
		r.SyncedRevision = r.ComparedRevision
	}
	return r
}

// setOperation copies the last operation's phase, message, revision and
// times.
func setOperation(r *deploy.Rollout, op *v1alpha1.OperationState, src int) {
	if op == nil {
		return
	}
	r.OperationPhase = string(op.Phase)
	r.OperationMessage = op.Message
	r.OperationStarted = timeOf(&op.StartedAt)
	r.OperationEnded = timeOf(op.FinishedAt)
	if res := op.SyncResult; res != nil {
		r.OperationRevision = pick(res.Revision, res.Revisions, src)
	}
	if s := op.Operation.Sync; r.OperationRevision == "" && s != nil {
		r.OperationRevision = pick(s.Revision, s.Revisions, src)
	}
}

// deployed returns the revision of the last successful sync and when it
// finished.
func deployed(st *v1alpha1.ApplicationStatus, src int) (string, time.Time) {
	if op := st.OperationState; op != nil && op.Phase == synccommon.OperationSucceeded && op.SyncResult != nil &&
		(op.Operation.Sync == nil || !op.Operation.Sync.DryRun) {
		if rev := pick(op.SyncResult.Revision, op.SyncResult.Revisions, src); rev != "" {
			return rev, timeOf(op.FinishedAt)
		}
	}
	if n := len(st.History); n > 0 {
		h := st.History.LastRevisionHistory()
		return pick(h.Revision, h.Revisions, src), timeOf(&h.DeployedAt)
	}
	return "", time.Time{}
}

// gitSource returns the index of the first source without a Helm chart
// of a multi-source app, or -1 for a single-source app.
func gitSource(a *v1alpha1.Application) int {
	if !a.Spec.HasMultipleSources() {
		return -1
	}
	for i, s := range a.Spec.Sources {
		if s.Chart == "" {
			return i
		}
	}
	return 0
}

// pick returns multi[src] for a multi-source app (src >= 0), else single.
func pick(single string, multi []string, src int) string {
	if src < 0 {
		return single
	}
	if src < len(multi) {
		return multi[src]
	}
	return ""
}

func targetRevision(a *v1alpha1.Application, src int) string {
	if src >= 0 {
		return a.Spec.Sources[src].TargetRevision
	}
	if a.Spec.Source == nil {
		return ""
	}
	return a.Spec.Source.TargetRevision
}

// timeOf returns t in UTC, or the zero time for nil or zero.
func timeOf(t *metav1.Time) time.Time {
	if t == nil || t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
