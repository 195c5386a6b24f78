package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/google/go-cmp/cmp"
)

func TestWatchWindow(t *testing.T) {
	tests := []struct {
		name string
		env  config.Environment
		want time.Time
	}{
		{"OKDefault", config.Environment{Name: "production"}, afterMerge(30 * time.Minute)},
		{"OKConfigured", config.Environment{Name: "production", Watch: 45 * time.Minute}, afterMerge(45 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, WatchWindow(tt.env, testMergedAt)); diff != "" {
				t.Errorf("WatchWindow (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStepWatch(t *testing.T) {
	until := afterMerge(30 * time.Minute)
	open := WatchState{Until: until}
	deployedAt := afterMerge(2 * time.Minute)
	deployed := WatchState{Until: until, DeployedAt: deployedAt}
	type result struct {
		Event   WatchEvent
		Phase   RolloutPhase
		Late    bool
		Reason  string
		State   WatchState
		StateEv Event
	}
	tests := []struct {
		name string
		st   WatchState
		r    Rollout
		now  time.Time
		want result
	}{
		{"NonePending", open, appBeforeMerge(), afterMerge(time.Minute),
			result{WatchNone, PhasePending, false, "waiting for Argo CD to sync a9f8e7d (api-production runs 0000000)", open, ""}},
		{"NoneProgressing", open, appReconciled(), afterMerge(90 * time.Second),
			result{WatchNone, PhaseProgressing, false, "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available...", open, ""}},
		{"DeployedFirst", open, appHealthy(), deployedAt,
			result{WatchDeployed, PhaseDeployed, false, "api-production is Healthy at a9f8e7d", deployed, EventDeployed}},
		{"NoneStillHealthy", deployed, appHealthy(), afterMerge(10 * time.Minute),
			result{WatchNone, PhaseDeployed, false, "api-production is Healthy at a9f8e7d", deployed, ""}},
		{"NoneProgressingAfterDeploy", deployed, func() Rollout {
			r := appReconciled()
			r.HealthSince = afterMerge(20 * time.Minute)
			return r
		}(), afterMerge(21 * time.Minute),
			result{WatchNone, PhaseProgressing, false, "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available...", deployed, ""}},
		{"ErrFailedBeforeDeploy", open, appDegraded(2), afterMerge(3 * time.Minute),
			result{WatchFailed, PhaseFailed, false, `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`,
				WatchState{Until: until, Done: true}, EventFail}},
		{"ErrDegradedAfterDeploy", deployed, appDegraded(2), afterMerge(15 * time.Minute),
			result{WatchDegraded, PhaseFailed, false, `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`,
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventFail}},
		{"EndedHealthy", deployed, appHealthy(), until,
			result{WatchEnded, PhaseDeployed, false, "api-production is Healthy at a9f8e7d",
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventWindowEnded}},
		{"EndedWithinGrace", deployed, appHealthy(), until.Add(LateGrace),
			result{WatchEnded, PhaseDeployed, false, "api-production is Healthy at a9f8e7d",
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventWindowEnded}},
		{"EndedProgressingAfterDeploy", deployed, func() Rollout {
			r := appReconciled()
			r.HealthSince = afterMerge(29 * time.Minute)
			return r
		}(), until,
			result{WatchEnded, PhaseProgressing, false, "api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available...",
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventWindowEnded}},
		{"EndedFirstDeployedAtWindowEnd", open, appHealthy(), until,
			result{WatchEnded, PhaseDeployed, false, "api-production is Healthy at a9f8e7d",
				WatchState{Until: until, DeployedAt: until, Done: true}, EventWindowEnded}},
		{"ErrEndedNeverDeployed", open, func() Rollout {
			r := appReconciled()
			r.HealthSince = afterMerge(25 * time.Minute)
			return r
		}(), until,
			result{WatchFailed, PhaseProgressing, false, "not deployed when the watch window ended: api-production is Progressing: Deployment/api: Waiting for rollout to finish: 0 of 1 updated replicas are available...",
				WatchState{Until: until, Done: true}, EventFail}},
		{"ErrEndedDegraded", deployed, appDegraded(1), until,
			result{WatchDegraded, PhaseFailed, false, `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`,
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventFail}},
		{"LateHealthy", deployed, appHealthy(), until.Add(41 * time.Minute),
			result{WatchEnded, PhaseDeployed, true, "api-production is Healthy at a9f8e7d (the watch window ended 41m ago, while deploybot was not running; judged from one observation now)",
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventWindowEnded}},
		{"LateNeverSeenDeployed", open, appHealthy(), until.Add(2 * time.Hour),
			result{WatchEnded, PhaseDeployed, true, "api-production is Healthy at a9f8e7d (the watch window ended 2h ago, while deploybot was not running; judged from one observation now)",
				WatchState{Until: until, DeployedAt: until.Add(2 * time.Hour), Done: true}, EventWindowEnded}},
		{"ErrLateDegraded", deployed, appDegraded(1), until.Add(5 * time.Minute),
			result{WatchDegraded, PhaseFailed, true, `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container) (the watch window ended 5m ago, while deploybot was not running; judged from one observation now)`,
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, EventFail}},
		{"NoneWhenDone", WatchState{Until: until, DeployedAt: deployedAt, Done: true}, appDegraded(1), afterMerge(15 * time.Minute),
			result{WatchNone, PhaseFailed, false, `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/api-7d9f-x1: CrashLoopBackOff (back-off 5m0s restarting failed container)`,
				WatchState{Until: until, DeployedAt: deployedAt, Done: true}, ""}},
		{"NoWindowNeverEnds", WatchState{DeployedAt: deployedAt}, appHealthy(), afterMerge(48 * time.Hour),
			result{WatchNone, PhaseDeployed, false, "api-production is Healthy at a9f8e7d", WatchState{DeployedAt: deployedAt}, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := StepWatch(tt.st, testWatchInput(), tt.r, tt.now)
			got := result{step.Event, step.Verdict.Phase, step.Verdict.Late, step.Verdict.Reason, step.State, step.Event.Event()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("StepWatch (-want +got):\n%s", diff)
			}
			if step.State.Done != step.Event.Final() && !tt.st.Done {
				t.Errorf("State.Done = %v but Event %q Final = %v", step.State.Done, step.Event, step.Event.Final())
			}
		})
	}
}

// TestStepWatchSequence runs one watch from merge to the end of its
// window: complete once, then a degradation ends it.
func TestStepWatchSequence(t *testing.T) {
	st := WatchState{Until: WatchWindow(config.Environment{}, testMergedAt)}
	obs := []struct {
		r   Rollout
		now time.Time
	}{
		{appBeforeMerge(), afterMerge(10 * time.Second)},
		{appSyncRunning(), afterMerge(time.Minute)},
		{appSyncedStale(), afterMerge(time.Minute + 5*time.Second)},
		{appReconciled(), afterMerge(time.Minute + 7*time.Second)},
		{appHealthy(), afterMerge(time.Minute + 37*time.Second)},
		{appHealthy(), afterMerge(5 * time.Minute)},
		{appDegraded(2), afterMerge(6 * time.Minute)},
		{appHealthy(), afterMerge(7 * time.Minute)},
	}
	var got []WatchEvent
	for _, o := range obs {
		step := StepWatch(st, testWatchInput(), o.r, o.now)
		st = step.State
		got = append(got, step.Event)
	}
	want := []WatchEvent{WatchNone, WatchNone, WatchNone, WatchNone, WatchDeployed, WatchNone, WatchDegraded, WatchNone}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if want := afterMerge(time.Minute + 37*time.Second); !st.DeployedAt.Equal(want) || !st.Done {
		t.Errorf("final state = %+v, want DeployedAt %v and Done", st, want)
	}
}
