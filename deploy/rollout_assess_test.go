package deploy

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Commits of the rollout tests: old runs before the merge, merge is the
// promotion's merge commit, later descends from it, other does not.
const (
	revOld   = "0000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	revMerge = "a9f8e7d6c5b4a3928170615243342516071829ab"
	revLater = "bbbbbbb1111111111111111111111111111111bb"
	revOther = "ccccccc2222222222222222222222222222222cc"
)

var testMergedAt = time.Date(2026, 3, 4, 14, 9, 0, 0, time.UTC)

func afterMerge(d time.Duration) time.Time { return testMergedAt.Add(d) }

func testWatchInput() WatchInput {
	return WatchInput{
		MergeSHA: revMerge, MergedAt: testMergedAt, ProgressDeadline: 10 * time.Minute,
		Descends: func(rev string) bool { return rev == revLater },
	}
}

// beforeMerge is the app as it ran before the merge: Synced and Healthy
// at revOld, long ago.
func appBeforeMerge() Rollout {
	return Rollout{
		App: "api-production", SyncStatus: "Synced", SyncedRevision: revOld, ComparedRevision: revOld,
		DeployedRevision: revOld, DeployedAt: afterMerge(-time.Hour), TargetRevision: "main",
		Health: "Healthy", HealthSince: afterMerge(-time.Hour + 40*time.Second),
		OperationPhase: "Succeeded", OperationMessage: "successfully synced (all tasks run)",
		OperationRevision: revOld, OperationStarted: afterMerge(-time.Hour - 5*time.Second), OperationEnded: afterMerge(-time.Hour),
		ReconciledAt: afterMerge(-time.Minute),
	}
}

// runningSync is the app while the sync of the merge runs (from +1m).
func appSyncRunning() Rollout {
	r := appBeforeMerge()
	r.SyncStatus, r.ComparedRevision, r.SyncedRevision = "OutOfSync", revMerge, revOld
	r.OperationPhase, r.OperationMessage = "Running", "one or more tasks are running"
	r.OperationRevision, r.OperationStarted, r.OperationEnded = revMerge, afterMerge(time.Minute), time.Time{}
	return r
}

// syncedStale is the app right after the sync of the merge succeeded at
// +1m5s and before Argo CD reconciled it: health is still the old Healthy.
func appSyncedStale() Rollout {
	r := appSyncRunning()
	r.OperationPhase, r.OperationMessage, r.OperationEnded = "Succeeded", "successfully synced (all tasks run)", afterMerge(time.Minute+5*time.Second)
	r.DeployedRevision, r.DeployedAt, r.SyncedRevision = revMerge, afterMerge(time.Minute+5*time.Second), revMerge
	return r
}

// reconciled is the app reconciled at +1m7s after the sync: Synced at the
// merge and Progressing.
func appReconciled() Rollout {
	r := appSyncedStale()
	r.SyncStatus, r.ReconciledAt = "Synced", afterMerge(time.Minute+7*time.Second)
	r.Health, r.HealthSince = "Progressing", afterMerge(time.Minute+7*time.Second)
	r.Unhealthy = []Resource{{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Progressing",
		Message: "Waiting for rollout to finish: 0 of 1 updated replicas are available..."}}
	return r
}

func appHealthy() Rollout {
	r := appReconciled()
	r.Health, r.HealthSince, r.ReconciledAt, r.Unhealthy = "Healthy", afterMerge(time.Minute+37*time.Second), afterMerge(time.Minute+37*time.Second), nil
	return r
}

func appDegraded(n int) Rollout {
	r := appReconciled()
	r.Health, r.HealthSince = "Degraded", afterMerge(2*time.Minute)
	r.Unhealthy = []Resource{
		{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Degraded", Message: `Deployment "api" exceeded its progress deadline`},
		{Kind: "Pod", Namespace: "api", Name: "api-7d9f-x1", Health: "Degraded", Message: "CrashLoopBackOff (back-off 5m0s restarting failed container)"},
	}
	for i := 2; i < n; i++ {
		r.Unhealthy = append(r.Unhealthy, Resource{Kind: "Pod", Namespace: "api", Name: "api-7d9f-x" + string(rune('0'+i)), Health: "Progressing"})
	}
	return r
}

func TestAssessRollout(t *testing.T) {
	waitingRollout := []Resource{{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Progressing",
		Message: "Waiting for rollout to finish: 0 of 1 updated replicas are available..."}}
	tests := []struct {
		name string
		in   func(*WatchInput)
		r    Rollout
		now  time.Time
		want Verdict
	}{
		{name: "PendingStaleHealthy", r: appBeforeMerge(), now: afterMerge(30 * time.Second),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "PendingOutOfSyncAtMerge", r: func() Rollout {
			r := appBeforeMerge()
			r.SyncStatus, r.ComparedRevision = "OutOfSync", revMerge
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "PendingStaleDegradedIsNotFailure", r: func() Rollout {
			r := appBeforeMerge()
			r.Health = "Degraded"
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "PendingUnknownRevision", r: func() Rollout {
			r := appBeforeMerge()
			r.SyncedRevision, r.App = "", ""
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (the app runs an unknown revision)"}},
		{name: "PendingOldOperationFailedIgnored", r: func() Rollout {
			r := appBeforeMerge()
			r.OperationPhase, r.OperationMessage = "Failed", "old failure"
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "PendingOtherBranchNotAccepted", r: func() Rollout {
			r := appHealthy()
			r.SyncedRevision, r.OperationRevision = revOther, revOther
			return r
		}(), now: afterMerge(3 * time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs ccccccc)"}},
		{name: "PendingAtDeadline", r: appBeforeMerge(), now: afterMerge(10 * time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "ErrPendingPastDeadline", r: appBeforeMerge(), now: afterMerge(10*time.Minute + time.Second),
			want: Verdict{Phase: PhaseFailed, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000): no progress for 10m1s, longer than the 10m progress deadline"}},
		{name: "PendingDeadlineFromSyncRequest", in: func(w *WatchInput) { w.SyncStartedAt = afterMerge(5 * time.Minute) },
			r: appBeforeMerge(), now: afterMerge(11 * time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "ErrPendingDefaultDeadline", in: func(w *WatchInput) { w.ProgressDeadline = 0 },
			r: appBeforeMerge(), now: afterMerge(11 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000): no progress for 11m, longer than the 10m progress deadline"}},
		{name: "SyncingRunning", r: appSyncRunning(), now: afterMerge(time.Minute + 2*time.Second),
			want: Verdict{Phase: PhaseSyncing, Reason: "the sync of a9f8e7d is running: one or more tasks are running"}},
		{name: "SyncingTerminating", r: func() Rollout {
			r := appSyncRunning()
			r.OperationPhase, r.OperationMessage = "Terminating", ""
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseSyncing, Reason: "the sync of a9f8e7d is running"}},
		{name: "ErrSyncingPastDeadline", r: appSyncRunning(), now: afterMerge(12 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: "the sync of a9f8e7d is running: one or more tasks are running: no progress for 11m, longer than the 10m progress deadline"}},
		{name: "ErrSyncFailed", r: func() Rollout {
			r := appSyncRunning()
			r.OperationPhase, r.OperationEnded = "Failed", afterMerge(time.Minute+5*time.Second)
			r.OperationMessage = `one or more objects failed to apply, reason: Deployment.apps "api" is invalid`
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: `the sync of a9f8e7d ended in Failed: one or more objects failed to apply, reason: Deployment.apps "api" is invalid`}},
		{name: "ErrSyncError", r: func() Rollout {
			r := appSyncRunning()
			r.OperationPhase, r.OperationMessage = "Error", "error validating and applying resources"
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: "the sync of a9f8e7d ended in Error: error validating and applying resources"}},
		{name: "SyncingStaleHealthyBeforeReconcile", r: appSyncedStale(), now: afterMerge(time.Minute + 6*time.Second),
			want: Verdict{Phase: PhaseSyncing, Reason: "the sync of a9f8e7d finished; waiting for Argo CD to compare the app again"}},
		{name: "SyncingReconciledInTheSameInstant", r: func() Rollout {
			r := appHealthy()
			r.ReconciledAt = r.OperationEnded
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseSyncing, Reason: "the sync of a9f8e7d finished; waiting for Argo CD to compare the app again"}},
		{name: "ErrRefreshPastDeadline", r: appSyncedStale(), now: afterMerge(12 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: "the sync of a9f8e7d finished; waiting for Argo CD to compare the app again: no progress for 10m55s, longer than the 10m progress deadline"}},
		{name: "Progressing", r: appReconciled(), now: afterMerge(time.Minute + 10*time.Second),
			want: Verdict{Phase: PhaseProgressing, Unhealthy: waitingRollout,
				Reason: "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available..."}},
		{name: "ErrProgressingPastDeadline", r: appReconciled(), now: afterMerge(11*time.Minute + 8*time.Second),
			want: Verdict{Phase: PhaseFailed, Unhealthy: waitingRollout,
				Reason: "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available...: no progress for 10m1s, longer than the 10m progress deadline"}},
		{name: "ProgressingDeadlineFromLastHealthChange", r: func() Rollout {
			r := appReconciled()
			r.HealthSince = afterMerge(20 * time.Minute) // Healthy in between, Progressing again since +20m
			return r
		}(), now: afterMerge(25 * time.Minute),
			want: Verdict{Phase: PhaseProgressing, Unhealthy: waitingRollout,
				Reason: "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available..."}},
		{name: "ProgressingSuspended", r: func() Rollout {
			r := appReconciled()
			r.Health, r.Unhealthy, r.HealthMessage = "Suspended", nil, "canary paused"
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseProgressing, Reason: "api-production is Suspended: canary paused"}},
		{name: "ProgressingHealthUnknown", r: func() Rollout {
			r := appReconciled()
			r.Health, r.Unhealthy = "", nil
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseProgressing, Reason: "api-production is Unknown"}},
		{name: "Deployed", r: appHealthy(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseDeployed, Reason: "api-production is Healthy at a9f8e7d"}},
		{name: "DeployedAtDescendant", r: func() Rollout {
			r := appHealthy()
			r.SyncedRevision, r.ComparedRevision = revLater, revLater
			return r
		}(), now: afterMerge(5 * time.Minute),
			want: Verdict{Phase: PhaseDeployed, Reason: "api-production is Healthy at bbbbbbb"}},
		{name: "PendingDescendantWithoutDescends", in: func(w *WatchInput) { w.Descends = nil }, r: func() Rollout {
			r := appHealthy()
			r.SyncedRevision, r.OperationRevision = revLater, revLater
			return r
		}(), now: afterMerge(5 * time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs bbbbbbb)"}},
		{name: "DeployedWithoutOperation", r: func() Rollout {
			r := appBeforeMerge() // the merge changed nothing this app renders
			r.SyncedRevision, r.ComparedRevision, r.ReconciledAt = revMerge, revMerge, afterMerge(30*time.Second)
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhaseDeployed, Reason: "api-production is Healthy at a9f8e7d"}},
		{name: "DeployedAbbreviatedRevision", r: func() Rollout {
			r := appHealthy()
			r.SyncedRevision, r.OperationRevision = "A9F8E7D", "A9F8E7D"
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseDeployed, Reason: "api-production is Healthy at A9F8E7D"}},
		{name: "DeployedOperationWithoutRevisionStartedAfterMerge", r: func() Rollout {
			r := appHealthy()
			r.OperationRevision = ""
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseDeployed, Reason: "api-production is Healthy at a9f8e7d"}},
		{name: "SyncingOperationWithoutRevisionNotReconciled", r: func() Rollout {
			r := appSyncedStale()
			r.OperationRevision = ""
			return r
		}(), now: afterMerge(time.Minute + 6*time.Second),
			want: Verdict{Phase: PhaseSyncing, Reason: "the sync of a9f8e7d finished; waiting for Argo CD to compare the app again"}},
		{name: "PendingOperationWithoutRevisionBeforeMerge", r: func() Rollout {
			r := appBeforeMerge()
			r.OperationRevision, r.OperationPhase = "", "Failed"
			return r
		}(), now: afterMerge(time.Minute),
			want: Verdict{Phase: PhasePending, Reason: "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)"}},
		{name: "ErrDegraded", r: appDegraded(2), now: afterMerge(3 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Unhealthy: appDegraded(2).Unhealthy,
				Reason: `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`}},
		{name: "ErrDegradedManyResources", r: appDegraded(5), now: afterMerge(3 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Unhealthy: appDegraded(5).Unhealthy,
				Reason: `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container); Pod/api-7d9f-x2: Progressing (and 2 more)`}},
		{name: "ErrMissing", r: func() Rollout {
			r := appReconciled()
			r.SyncStatus, r.Health, r.Unhealthy = "OutOfSync", "Missing", nil
			return r
		}(), now: afterMerge(2 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Reason: "api-production is Missing"}},
		{name: "ErrDegradedLongAfterDeploy", r: func() Rollout {
			r := appDegraded(2)
			r.HealthSince = afterMerge(25 * time.Minute)
			return r
		}(), now: afterMerge(25 * time.Minute),
			want: Verdict{Phase: PhaseFailed, Unhealthy: appDegraded(2).Unhealthy,
				Reason: `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := testWatchInput()
			if tt.in != nil {
				tt.in(&w)
			}
			got := AssessRollout(w, tt.r, tt.now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AssessRollout (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAssessRolloutSequence follows one rollout observation by observation:
// the stale Healthy from before the sync never counts.
func TestAssessRolloutSequence(t *testing.T) {
	steps := []struct {
		r    Rollout
		now  time.Time
		want RolloutPhase
	}{
		{appBeforeMerge(), afterMerge(10 * time.Second), PhasePending},
		{appSyncRunning(), afterMerge(time.Minute), PhaseSyncing},
		{appSyncedStale(), afterMerge(time.Minute + 5*time.Second), PhaseSyncing},
		{appReconciled(), afterMerge(time.Minute + 7*time.Second), PhaseProgressing},
		{appHealthy(), afterMerge(time.Minute + 37*time.Second), PhaseDeployed},
	}
	var got, want []RolloutPhase
	for _, s := range steps {
		got = append(got, AssessRollout(testWatchInput(), s.r, s.now).Phase)
		want = append(want, s.want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("phases (-want +got):\n%s", diff)
	}
}
