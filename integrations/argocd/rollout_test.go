package argocd

import (
	"fmt"
	"testing"
	"time"

	"github.com/argoproj/gitops-engine/pkg/health"
	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

// follower assesses every state a Watch sends, as the engine would:
// StepWatch at the state's ObservedAt.
type follower struct {
	w      *watcher
	in     deploy.WatchInput
	st     deploy.WatchState
	phases []deploy.RolloutPhase // each change of phase
	events []deploy.WatchEvent
	last   deploy.WatchStep
}

func follow(t *testing.T, c *Client, app, sha string) *follower {
	t.Helper()
	return &follower{
		w:  startWatch(t, c, app),
		in: deploy.WatchInput{MergeSHA: sha, MergedAt: t0, ProgressDeadline: 10 * time.Minute},
		st: deploy.WatchState{Until: deploy.WatchWindow(config.Environment{Watch: 30 * time.Minute}, t0)},
	}
}

// until assesses states until one satisfies ok, and returns its step.
func (fl *follower) until(t *testing.T, ok func(deploy.Rollout) bool) (deploy.Rollout, deploy.WatchStep) {
	t.Helper()
	for {
		r := fl.w.next(t)
		step := deploy.StepWatch(fl.st, fl.in, r, r.ObservedAt)
		fl.st, fl.last = step.State, step
		if n := len(fl.phases); n == 0 || fl.phases[n-1] != step.Verdict.Phase {
			fl.phases = append(fl.phases, step.Verdict.Phase)
		}
		if step.Event != deploy.WatchNone {
			fl.events = append(fl.events, step.Event)
		}
		if ok(r) {
			return r, step
		}
	}
}

func anyState(deploy.Rollout) bool { return true }

// TestRolloutManual follows a production rollout (sync: manual) from merge
// to the end of its window: the Healthy left over from before the sync
// never counts; Deployed comes only after the reconcile that follows it.
func TestRolloutManual(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokBot, nil)
	fl, r, step := syncMerge(t, f, c)
	sha := fl.in.MergeSHA
	if r.OperationPhase != "Succeeded" || r.Health != "Healthy" || r.SyncedRevision != sha || step.Verdict.Phase != deploy.PhaseSyncing {
		t.Errorf("right after the sync: operation %s, health %s at %s judged %s, want Succeeded and the stale Healthy judged Syncing",
			r.OperationPhase, r.Health, r.SyncedRevision[:7], step.Verdict.Phase)
	}
	f.advance(t, 30*time.Second)
	_, step = fl.until(t, func(r deploy.Rollout) bool { return r.Health == "Healthy" && r.SyncStatus == "Synced" })
	if !step.State.DeployedAt.Equal(at(time.Minute + 37*time.Second)) {
		t.Errorf("deployed at %v, want +1m37s", step.State.DeployedAt)
	}
	f.advance(t, 29*time.Minute) // a periodic reconcile after the window's end
	_, step = fl.until(t, func(r deploy.Rollout) bool { return !r.ObservedAt.Before(fl.st.Until) })

	wantPhases := []deploy.RolloutPhase{deploy.PhasePending, deploy.PhaseSyncing, deploy.PhaseProgressing, deploy.PhaseDeployed}
	if diff := cmp.Diff(wantPhases, fl.phases); diff != "" {
		t.Errorf("phases (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]deploy.WatchEvent{deploy.WatchDeployed, deploy.WatchEnded}, fl.events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if step.Verdict.Late {
		t.Errorf("verdict at the window's end is Late: %+v", step.Verdict)
	}
}

// TestRolloutAutoSync follows staging (automated sync): no Sync call.
func TestRolloutAutoSync(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokBot, nil)
	sha := f.merge(stgFile)
	fl := follow(t, c, "api-staging", sha)
	fl.until(t, anyState)
	f.waitWatchers(t, 1)
	f.advance(t, time.Minute) // Argo CD notices, and auto-sync starts
	for _, d := range []time.Duration{5 * time.Second, 2 * time.Second, 30 * time.Second} {
		f.advance(t, d)
	}
	fl.until(t, func(r deploy.Rollout) bool { return r.Health == "Healthy" && r.SyncStatus == "Synced" })
	want := []deploy.RolloutPhase{deploy.PhasePending, deploy.PhaseSyncing, deploy.PhaseProgressing, deploy.PhaseDeployed}
	if diff := cmp.Diff(want, fl.phases); diff != "" {
		t.Errorf("phases (-want +got):\n%s", diff)
	}
}

// now reports whether r was observed at the fake's current time: the
// tests advance the clock only once the state of the last step arrived,
// so ObservedAt is when the state came about.
func now(f *fixture) func(deploy.Rollout) bool {
	return func(r deploy.Rollout) bool { return r.ReconciledAt.Equal(f.clock.Now()) }
}

// TestRolloutFails scripts each way a rollout goes wrong and checks the
// verdict that ends the watch names what failed.
func TestRolloutFails(t *testing.T) {
	type result struct {
		Event     deploy.WatchEvent
		Reason    string
		Unhealthy []string
	}
	degradedReason := func(sha string) string {
		pod := crashingPod(sha)
		return `api-production is Degraded: Deployment/api: Deployment "api" exceeded its progress deadline; Pod/` + pod.Name + ": " + pod.Message +
			"; ReplicaSet/api-" + fakeUID(sha)[:10] + ": " + msgWaiting
	}
	degradedResources := func(sha string) []string {
		return []string{"Deployment/api", "Pod/" + crashingPod(sha).Name, "ReplicaSet/api-" + fakeUID(sha)[:10]}
	}
	tests := []struct {
		name   string
		script argocdfake.Script
		after  func(*testing.T, *fixture, *follower) // once the sync was reconciled (+1m7s)
		want   func(sha string) result
	}{
		{"ErrDegraded", argocdfake.Script{Outcome: argocdfake.OutcomeDegraded}, func(t *testing.T, f *fixture, _ *follower) {
			f.advance(t, 30*time.Second)
		}, func(sha string) result {
			return result{deploy.WatchFailed, degradedReason(sha), degradedResources(sha)}
		}},
		{"ErrStuckProgressing", argocdfake.Script{Outcome: argocdfake.OutcomeStuck, Message: "Waiting for rollout to finish: 1 of 3 updated replicas are available..."},
			func(t *testing.T, f *fixture, fl *follower) {
				for !fl.st.Done { // periodic reconciles: +4m37s, +8m7s, +11m37s
					f.advance(t, 3*time.Minute+30*time.Second)
					fl.until(t, now(f))
				}
			}, func(sha string) result {
				return result{deploy.WatchFailed,
					"api-production is Progressing: Deployment/api: Waiting for rollout to finish: 1 of 3 updated replicas are available...; ReplicaSet/api-" +
						fakeUID(sha)[:10] + ": " + msgWaiting + "; Pod/" + crashingPod(sha).Name + ": ContainerCreating: no progress for 10m30s, longer than the 10m progress deadline",
					[]string{"Deployment/api", "ReplicaSet/api-" + fakeUID(sha)[:10], "Pod/" + crashingPod(sha).Name}}
			}},
		{"ErrSyncFailed", argocdfake.Script{Outcome: argocdfake.OutcomeSyncFailed}, nil, func(sha string) result {
			return result{deploy.WatchFailed, "the sync of " + sha[:7] +
				` ended in Failed: one or more objects failed to apply, reason: Deployment.apps "api" is invalid: spec.template.spec.containers[0].image: Required value`, nil}
		}},
		{"ErrSyncError", argocdfake.Script{Outcome: argocdfake.OutcomeSyncError, Message: "error validating and applying resources"}, nil, func(sha string) result {
			return result{deploy.WatchFailed, "the sync of " + sha[:7] + " ended in Error: error validating and applying resources", nil}
		}},
		{"ErrMissing", argocdfake.Script{Outcome: argocdfake.OutcomeMissing}, nil, func(string) result {
			return result{deploy.WatchFailed, "api-production is Missing: Deployment/api: Missing", []string{"Deployment/api"}}
		}},
		{"ErrDegradedAfterDeployed", argocdfake.Script{Outcome: argocdfake.OutcomeHealthy}, func(t *testing.T, f *fixture, fl *follower) {
			f.advance(t, 30*time.Second)
			fl.until(t, func(r deploy.Rollout) bool { return r.Health == "Healthy" && r.SyncStatus == "Synced" })
			f.clock.Advance(13 * time.Minute)
			if err := f.srv.SetHealth("api-production", health.HealthStatusDegraded, `Deployment "api" exceeded its progress deadline`); err != nil {
				t.Fatal(err)
			}
		}, func(sha string) result {
			return result{deploy.WatchDegraded, degradedReason(sha), degradedResources(sha)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokBot, nil)
			f.script(t, "api-production", tt.script)
			fl, _, _ := syncMerge(t, f, c)
			if tt.after != nil && !fl.st.Done {
				tt.after(t, f, fl)
			}
			if !fl.st.Done {
				fl.until(t, func(deploy.Rollout) bool { return fl.st.Done })
			}
			step := fl.last
			got := result{Event: step.Event, Reason: step.Verdict.Reason}
			for _, u := range step.Verdict.Unhealthy {
				got.Unhealthy = append(got.Unhealthy, u.Kind+"/"+u.Name)
			}
			if diff := cmp.Diff(tt.want(fl.in.MergeSHA), got); diff != "" {
				t.Errorf("final verdict (-want +got):\n%s", diff)
			}
		})
	}
}

// syncMerge merges a change of api-production at t0, follows the app,
// syncs the merge at +1m and waits, step by step, until the operation
// ended (+1m5s) and, unless that ended the watch, the app was reconciled
// after it (+1m7s). It returns the follower and the state that ended the
// operation, with its step.
func syncMerge(t *testing.T, f *fixture, c *Client) (*follower, deploy.Rollout, deploy.WatchStep) {
	t.Helper()
	sha := f.merge(prodFile)
	fl := follow(t, c, "api-production", sha)
	fl.until(t, anyState)
	f.waitWatchers(t, 1)
	f.advance(t, time.Minute)
	fl.until(t, func(r deploy.Rollout) bool { return r.ComparedRevision == sha })
	fl.in.SyncStartedAt = f.clock.Now()
	if err := c.Sync(t.Context(), "api-production", sha, false); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 0)
	fl.until(t, func(r deploy.Rollout) bool { return r.OperationPhase == "Running" })
	f.advance(t, 5*time.Second)
	ended, step := fl.until(t, func(r deploy.Rollout) bool { return !r.OperationEnded.IsZero() && r.OperationRevision == sha })
	if fl.st.Done {
		return fl, ended, step
	}
	f.advance(t, 2*time.Second)
	fl.until(t, now(f))
	return fl, ended, step
}

// TestRolloutLate: the bot was down past the window; on restart one
// fresh observation finishes the watch and says so.
func TestRolloutLate(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokBot, nil)
	sha := f.merge(stgFile)
	for _, d := range []time.Duration{time.Minute, 5 * time.Second, 2 * time.Second, 30 * time.Second, 44 * time.Minute} {
		f.advance(t, d)
	}
	r, err := c.Observe(t.Context(), "api-staging")
	if err != nil {
		t.Fatal(err)
	}
	in := deploy.WatchInput{MergeSHA: sha, MergedAt: t0}
	st := deploy.WatchState{Until: deploy.WatchWindow(config.Environment{}, t0)}
	step := deploy.StepWatch(st, in, r, r.ObservedAt)
	got := fmt.Sprintf("%s late=%v: %s", step.Event, step.Verdict.Late, step.Verdict.Reason)
	want := "ended late=true: api-staging is Healthy at " + sha[:7] +
		" (the watch window ended 15m37s ago, while deploybot was not running; judged from one observation now)"
	if got != want {
		t.Errorf("late verdict:\n got %s\nwant %s", got, want)
	}
}
