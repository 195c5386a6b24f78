package deploy

import (
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// RolloutPhase is where a rollout after a merge stands, as AssessRollout
// judges it from one observation.
type RolloutPhase string

// Rollout phases.
const (
	// PhasePending: no sync of the merge has started yet (the app still
	// runs an older revision).
	PhasePending RolloutPhase = "Pending"
	// PhaseSyncing: a sync of the merge is running, or has finished and
	// Argo CD has not yet reconciled the app after it.
	PhaseSyncing RolloutPhase = "Syncing"
	// PhaseProgressing: synced at the merge and reconciled, not Healthy
	// yet (Progressing, Suspended or Unknown).
	PhaseProgressing RolloutPhase = "Progressing"
	// PhaseDeployed: synced at the merge (or a later commit), reconciled
	// after the sync finished, and Healthy.
	PhaseDeployed RolloutPhase = "Deployed"
	// PhaseFailed: the sync failed, the app is Degraded or Missing, or a
	// step took longer than the progress deadline.
	PhaseFailed RolloutPhase = "Failed"
)

// Argo CD health and operation values AssessRollout reads.
const (
	healthDegraded = "Degraded"
	healthMissing  = "Missing"
	opRunning      = "Running"
	opTerminating  = "Terminating"
	opSucceeded    = "Succeeded"
	opFailed       = "Failed"
	opError        = "Error"
)

// WatchInput is what a watch knows about the rollout it follows.
type WatchInput struct {
	MergeSHA string    // the merge commit of the promotion
	MergedAt time.Time // when it merged
	// SyncStartedAt is when deploybot asked Argo CD to sync (sync: manual);
	// zero when Argo CD syncs by itself.
	SyncStartedAt time.Time
	// ProgressDeadline bounds every step of the rollout (see
	// AssessRollout); zero means DefaultProgressDeadline.
	ProgressDeadline time.Duration
	// Descends reports whether revision is a later commit of the branch
	// that contains MergeSHA. Nil: only MergeSHA itself is accepted.
	Descends func(revision string) bool
}

// Verdict is AssessRollout's judgement of one observation.
type Verdict struct {
	Phase     RolloutPhase
	Reason    string     // one line for the thread, naming what was seen
	Unhealthy []Resource // the unhealthy resources, when Progressing or Failed
	// Late is set by StepWatch when the watch window had already ended
	// (deploybot was not running) and this verdict finishes the watch from
	// one fresh observation.
	Late bool
}

// AssessRollout judges one observation r of the app a promotion merged
// into, at now:
//
//   - The last operation belongs to this rollout when it syncs to the
//     merge (or a descendant); a Failed or Error one fails the rollout, a
//     Running one is PhaseSyncing. Older operations are ignored.
//   - The app's health counts only once it is current: SyncedRevision is
//     the merge (or a descendant) and, if this rollout's operation has
//     finished, ReconciledAt is after it ended. Before that any Healthy or
//     Degraded is stale (from before the sync) and the phase is Pending or
//     Syncing.
//   - Current and Healthy is PhaseDeployed; Degraded or Missing is
//     PhaseFailed naming the unhealthy resources; anything else is
//     PhaseProgressing.
//   - No step may take longer than the progress deadline: waiting for the
//     sync (from SyncStartedAt, else MergedAt), the sync itself (from its
//     start), the refresh after it and Progressing (from the sync's end or
//     the last health change, whichever is later). Past it, PhaseFailed.
//
// Times from Argo CD are compared with each other; only the deadline
// compares them with now.
func AssessRollout(w WatchInput, r Rollout, now time.Time) Verdict {
	a := rolloutAssessor{w: w, r: r, now: now, ours: w.ownsOperation(r)}
	if a.ours {
		switch r.OperationPhase {
		case opFailed, opError:
			return a.syncFailed()
		case opRunning, opTerminating:
			return a.deadline(PhaseSyncing, r.OperationStarted, "the sync of %s is running%s", a.sha(), a.opMessage())
		}
	}
	if !a.current() {
		if a.ours && r.OperationPhase == opSucceeded {
			return a.deadline(PhaseSyncing, r.OperationEnded, "the sync of %s finished; waiting for Argo CD to compare the app again", a.sha())
		}
		return a.deadline(PhasePending, a.waitStart(), "waiting for Argo CD to sync %s (%s runs %s)", a.sha(), a.app(), shortOr(r.SyncedRevision, "an unknown revision"))
	}
	switch r.Health {
	case healthHealthy:
		return Verdict{Phase: PhaseDeployed, Reason: fmt.Sprintf("%s is Healthy at %s", a.app(), shortSHA(r.SyncedRevision))}
	case healthDegraded, healthMissing:
		return a.failed("%s is %s%s", a.app(), r.Health, unhealthySuffix(r))
	}
	return a.deadline(PhaseProgressing, a.progressStart(), "%s is %s%s", a.app(), orUnknown(r.Health), unhealthySuffix(r))
}

// rolloutAssessor holds AssessRollout's inputs for its helpers.
type rolloutAssessor struct {
	w    WatchInput
	r    Rollout
	now  time.Time
	ours bool // the last operation is this rollout's
}

// accepts reports whether revision is the merge or a later commit.
func (w WatchInput) accepts(revision string) bool {
	if revision == "" || w.MergeSHA == "" {
		return false
	}
	return sameRevision(revision, w.MergeSHA) || w.Descends != nil && w.Descends(revision)
}

// ownsOperation reports whether r's last operation is this rollout's: it
// syncs to an accepted revision, or (when Argo CD does not say which)
// started after the sync was asked for or the merge.
func (w WatchInput) ownsOperation(r Rollout) bool {
	if r.OperationPhase == "" {
		return false
	}
	if r.OperationRevision != "" {
		return w.accepts(r.OperationRevision)
	}
	start := w.SyncStartedAt
	if start.IsZero() {
		start = w.MergedAt
	}
	return !r.OperationStarted.IsZero() && !r.OperationStarted.Before(start)
}

// current reports whether the app's health describes this rollout.
func (a rolloutAssessor) current() bool {
	if !a.w.accepts(a.r.SyncedRevision) {
		return false
	}
	return !a.ours || a.r.ReconciledAt.After(a.r.OperationEnded)
}

// deadline returns phase with the reason, or PhaseFailed when the step
// that began at since has lasted longer than the progress deadline.
func (a rolloutAssessor) deadline(phase RolloutPhase, since time.Time, format string, args ...any) Verdict {
	reason := fmt.Sprintf(format, args...)
	v := Verdict{Phase: phase, Reason: reason}
	if phase == PhaseProgressing {
		v.Unhealthy = a.r.Unhealthy
	}
	limit := a.w.ProgressDeadline
	if limit <= 0 {
		limit = config.DefaultProgressDeadline
	}
	if since.IsZero() || a.now.Sub(since) <= limit {
		return v
	}
	return a.failed("%s: no progress for %s, longer than the %s progress deadline", reason,
		humanDuration(a.now.Sub(since)), humanDuration(limit))
}

func (a rolloutAssessor) failed(format string, args ...any) Verdict {
	return Verdict{Phase: PhaseFailed, Reason: fmt.Sprintf(format, args...), Unhealthy: a.r.Unhealthy}
}

func (a rolloutAssessor) syncFailed() Verdict {
	return a.failed("the sync of %s ended in %s%s", a.sha(), a.r.OperationPhase, a.opMessage())
}

// waitStart is when waiting for the sync began.
func (a rolloutAssessor) waitStart() time.Time {
	if !a.w.SyncStartedAt.IsZero() {
		return a.w.SyncStartedAt
	}
	return a.w.MergedAt
}

// progressStart is when the app's current non-Healthy stretch began, as
// far as this rollout is concerned: the later of the sync's end and the
// last health change, never before the wait began.
func (a rolloutAssessor) progressStart() time.Time {
	start := a.waitStart()
	if a.ours && a.r.OperationEnded.After(start) {
		start = a.r.OperationEnded
	}
	if a.r.HealthSince.After(start) {
		start = a.r.HealthSince
	}
	return start
}

func (a rolloutAssessor) sha() string { return shortSHA(a.w.MergeSHA) }

func (a rolloutAssessor) app() string {
	if a.r.App == "" {
		return "the app"
	}
	return a.r.App
}

func (a rolloutAssessor) opMessage() string {
	if a.r.OperationMessage == "" {
		return ""
	}
	return ": " + a.r.OperationMessage
}

// shortOr abbreviates a SHA-like s, or returns fallback when s is empty.
func shortOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return shortSHA(s)
}
