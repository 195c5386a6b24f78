package argocdfake

import (
	"context"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/gitops-engine/pkg/health"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
	"k8s.io/apimachinery/pkg/watch"
)

// Messages Argo CD (gitops-engine) writes on operations and resources.
const (
	msgRunning        = "one or more tasks are running"
	msgSucceeded      = "successfully synced (all tasks run)"
	msgFailed         = "one or more objects failed to apply, reason: Deployment.apps %q is invalid: spec.template.spec.containers[0].image: Required value"
	msgError          = "error validating and applying resources: the server has asked for the client to provide credentials"
	msgDeadline       = "Deployment %q exceeded its progress deadline"
	msgWaitingRollout = "Waiting for rollout to finish: 0 of 1 updated replicas are available..."
)

// stage is where a rollout is; each stage ends at rollout.due.
type stage int

const (
	stageQueued      stage = iota // Sync called; the controller has not started it
	stageSyncing                  // operation Running
	stageRefresh                  // operation done; the app is not yet re-reconciled
	stageProgressing              // deployed; waiting for health
)

// rollout is one sync operation and the health changes after it.
type rollout struct {
	op       v1alpha1.Operation
	revision string
	script   Script
	stage    stage
	due      time.Time // zero: never (stuck)
	started  time.Time
	changed  bool  // the sync changed the live manifests
	retries  int64 // failed attempts retried so far (operationState.retryCount)
}

// startRollout sets op as the app's requested operation, due to start at at.
func (s *Server) startRollout(a *app, op v1alpha1.Operation, at time.Time) {
	a.obj.Operation = op.DeepCopy()
	a.obj.Status.OperationState = nil
	a.run = &rollout{op: op, revision: op.Sync.Revision, stage: stageQueued, due: at,
		script: Script{Outcome: OutcomeHealthy}}
}

// useScript picks the script for a sync to revision that changed the live
// manifests (or failed): one bound to the revision, else the next unbound
// one, which is consumed. A sync that changes nothing uses no script.
func (a *app) useScript(revision string, changed bool) Script {
	for _, sc := range a.scripts {
		if sc.Revision != "" && sc.Revision == revision {
			return sc
		}
	}
	for i, sc := range a.scripts {
		if sc.Revision == "" && (changed || sc.Outcome.failsSync()) {
			a.scripts = append(a.scripts[:i:i], a.scripts[i+1:]...)
			return sc
		}
		if sc.Revision == "" {
			break
		}
	}
	return Script{Outcome: OutcomeHealthy}
}

func (o Outcome) failsSync() bool { return o == OutcomeSyncFailed || o == OutcomeSyncError }

// advance runs every rollout step due at or before now, each stamped with
// its own due time, publishing after each.
func (s *Server) advance(ctx context.Context, a *app, now time.Time) {
	for a.run != nil && !a.run.due.IsZero() && !a.run.due.After(now) {
		r := a.run
		switch r.stage {
		case stageQueued:
			s.beginSync(a, r)
		case stageSyncing:
			s.finishSync(ctx, a, r)
		case stageRefresh:
			s.reconcileAfterSync(ctx, a, r)
		case stageProgressing:
			s.finishProgress(a, r)
		}
		s.publish(a, watch.Modified)
	}
}

// beginSync starts the operation, or its next attempt after a failure (as
// the controller does, keeping startedAt and retryCount, dropping
// finishedAt and syncResult).
func (s *Server) beginSync(a *app, r *rollout) {
	if r.retries == 0 {
		r.started = r.due
	}
	a.obj.Status.OperationState = &v1alpha1.OperationState{
		Operation:  *r.op.DeepCopy(),
		Phase:      synccommon.OperationRunning,
		Message:    msgRunning,
		StartedAt:  *timePtr(r.started),
		RetryCount: r.retries,
	}
	r.stage, r.due = stageSyncing, r.due.Add(s.timing.Sync)
}

func (s *Server) finishSync(ctx context.Context, a *app, r *rollout) {
	at := r.due
	if r.op.Sync.DryRun {
		a.obj.Operation = nil
		a.obj.Status.OperationState = s.finishedState(a, r.op, synccommon.OperationSucceeded, msgSucceeded, r.started, at)
		a.run = nil
		return
	}
	r.changed = a.missing || s.changed(ctx, a, a.deployed, r.revision)
	if r.retries == 0 { // a retry is the same rollout: its script still holds
		r.script = a.useScript(r.revision, r.changed)
	}
	if r.script.Outcome.failsSync() {
		s.failSync(a, r, at)
		return
	}
	a.obj.Operation = nil
	a.obj.Status.OperationState = s.finishedState(a, r.op, synccommon.OperationSucceeded, msgSucceeded, r.started, at)
	a.obj.Status.OperationState.RetryCount = r.retries
	a.deployed = r.revision
	if len(r.op.Sync.Resources) == 0 { // a partial sync is not recorded in history (controller/sync.go)
		s.appendHistory(a, r.op, r.started, at)
	}
	r.stage, r.due = stageRefresh, at.Add(s.timing.Refresh)
}

// failSync ends an attempt that failed at at. With retries left
// (operation.retry.limit; automated syncs have 5) the operation stays
// Running, as processRequestedAppOperation leaves it: finishedAt set,
// retryCount counted, the message naming the next attempt, which starts
// after the controller's backoff (RetryStrategy.NextRetryAt of the new
// count: 10s, 20s, 40s, ... by default). Otherwise it ends Failed (or
// Error), saying how often it was retried.
func (s *Server) failSync(a *app, r *rollout, at time.Time) {
	phase, msg := synccommon.OperationFailed, sprintf(msgFailed, a.spec.Deployment)
	if r.script.Outcome == OutcomeSyncError {
		phase, msg = synccommon.OperationError, msgError
	}
	if r.script.Message != "" {
		msg = r.script.Message
	}
	st := s.finishedState(a, r.op, phase, msg, r.started, at)
	if limit := r.op.Retry.Limit; limit < 0 || r.retries < limit {
		next, err := r.op.Retry.NextRetryAt(at, r.retries)
		wait, werr := r.op.Retry.NextRetryAt(at, r.retries+1)
		if err == nil && werr == nil {
			r.retries++
			st.Phase, st.RetryCount = synccommon.OperationRunning, r.retries
			st.Message = sprintf("%s due to application controller sync timeout. Retrying attempt #%d at %s.",
				msg, r.retries, next.Format(time.Kitchen))
			a.obj.Status.OperationState = st
			r.stage, r.due = stageQueued, wait
			return
		}
	}
	if r.retries > 0 {
		st.RetryCount, st.Message = r.retries, sprintf("%s (retried %d times).", msg, r.retries)
	}
	a.obj.Operation = nil
	a.obj.Status.OperationState = st
	a.run = nil
}

// reconcileAfterSync is the controller's refresh after the operation: the
// new revision is compared and health starts to follow the rollout.
func (s *Server) reconcileAfterSync(ctx context.Context, a *app, r *rollout) {
	at := r.due
	a.obj.Status.ReconciledAt = timePtr(at)
	if !r.changed {
		a.obj.Status.Sync = s.syncStatus(a, s.compare(ctx, a))
		a.run = nil
		return
	}
	s.setImages(ctx, a, r.revision)
	if r.script.Outcome == OutcomeMissing {
		a.missing = true
		s.setHealth(a, health.HealthStatusMissing, "", at)
		a.obj.Status.Sync = s.syncStatus(a, v1alpha1.SyncStatusCodeOutOfSync)
		a.run = nil
		return
	}
	a.missing = false
	a.obj.Status.Sync = s.syncStatus(a, s.compare(ctx, a))
	msg := msgWaitingRollout
	if r.script.Outcome == OutcomeStuck && r.script.Message != "" {
		msg = r.script.Message
	}
	s.setHealth(a, health.HealthStatusProgressing, msg, at)
	r.stage, r.due = stageProgressing, time.Time{}
	if r.script.Outcome != OutcomeStuck {
		after := r.script.After
		if after <= 0 {
			after = s.timing.Progress
		}
		r.due = at.Add(after)
	}
}

func (s *Server) finishProgress(a *app, r *rollout) {
	a.obj.Status.ReconciledAt = timePtr(r.due)
	a.run = nil
	if r.script.Outcome == OutcomeDegraded {
		msg := sprintf(msgDeadline, a.spec.Deployment)
		if r.script.Message != "" {
			msg = r.script.Message
		}
		s.setHealth(a, health.HealthStatusDegraded, msg, r.due)
		return
	}
	s.setHealth(a, health.HealthStatusHealthy, "", r.due)
}

// finishedState is the operation state of op ended in phase at finished.
func (s *Server) finishedState(a *app, op v1alpha1.Operation, phase synccommon.OperationPhase, msg string, started, finished time.Time) *v1alpha1.OperationState {
	result := &v1alpha1.SyncOperationResult{
		Revision:  op.Sync.Revision,
		Source:    *a.obj.Spec.Source.DeepCopy(),
		Resources: syncResults(a, phase),
	}
	return &v1alpha1.OperationState{
		Operation:  *op.DeepCopy(),
		Phase:      phase,
		Message:    msg,
		SyncResult: result,
		StartedAt:  *timePtr(started),
		FinishedAt: timePtr(finished),
	}
}

func (s *Server) appendHistory(a *app, op v1alpha1.Operation, started, finished time.Time) {
	h := a.obj.Status.History
	id := int64(0)
	if len(h) > 0 {
		id = h[len(h)-1].ID + 1
	}
	h = append(h, v1alpha1.RevisionHistory{
		ID:              id,
		Revision:        op.Sync.Revision,
		Source:          *a.obj.Spec.Source.DeepCopy(),
		DeployStartedAt: timePtr(started),
		DeployedAt:      *timePtr(finished),
		InitiatedBy:     op.InitiatedBy,
	})
	if len(h) > historyLimit {
		h = h[len(h)-historyLimit:]
	}
	a.obj.Status.History = h
}
