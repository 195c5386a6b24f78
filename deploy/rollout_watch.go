package deploy

import (
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// LateGrace is how long after its window a watch may finish and still
// count as on time; a watch finished later was not running when its
// window ended (deploybot was down) and its verdict is marked Late.
const LateGrace = time.Minute

// WatchWindow returns when the watch of a rollout merged at mergedAt
// ends: env.Watch after the merge, DefaultWatch when env.Watch is unset.
// The engine stores it as Promotion.WatchUntil at merge, so a restart
// resumes with the same deadline.
func WatchWindow(env config.Environment, mergedAt time.Time) time.Time {
	d := env.Watch
	if d <= 0 {
		d = config.DefaultWatch
	}
	return mergedAt.Add(d)
}

// WatchState is what a watch carries from one observation to the next.
// The engine keeps it on the promotion: Until is Promotion.WatchUntil and
// DeployedAt is Promotion.HealthyAt.
type WatchState struct {
	Until      time.Time // end of the window (WatchWindow)
	DeployedAt time.Time // the first PhaseDeployed observation; zero until then
	Done       bool      // a final WatchEvent was returned
}

// WatchEvent is what one observation means for the people following the
// promotion.
type WatchEvent string

// Watch events. WatchDeployed keeps the watch going; the others end it.
const (
	WatchNone     WatchEvent = ""         // nothing new to report; keep watching
	WatchDeployed WatchEvent = "deployed" // first Deployed: "complete", offer Rollback
	WatchFailed   WatchEvent = "failed"   // failed before it was ever Deployed
	WatchDegraded WatchEvent = "degraded" // failed after it was Deployed, within the window
	WatchEnded    WatchEvent = "ended"    // the window ended with the version deployed
)

// Final reports whether the event ends the watch.
func (e WatchEvent) Final() bool { return e != WatchNone && e != WatchDeployed }

// Event returns the promotion state-machine event e stands for, or "" for
// WatchNone. WatchEnded may arrive without an earlier WatchDeployed (the
// first Deployed observation came at the window's end, as when a late
// watch finishes); the engine then fires EventDeployed before
// EventWindowEnded.
func (e WatchEvent) Event() Event {
	switch e {
	case WatchDeployed:
		return EventDeployed
	case WatchFailed, WatchDegraded:
		return EventFail
	case WatchEnded:
		return EventWindowEnded
	}
	return ""
}

// WatchStep is the outcome of one observation.
type WatchStep struct {
	Verdict Verdict
	Event   WatchEvent
	State   WatchState // the state to store for the next observation
}

// StepWatch judges observation r at now (see AssessRollout) and decides
// what it means for a watch in state st:
//
//   - Before st.Until: the first Deployed verdict is WatchDeployed and the
//     watch goes on; a Failed verdict is WatchFailed, or WatchDegraded once
//     it was deployed, and ends the watch; anything else is WatchNone.
//   - At or after st.Until the watch ends from this observation: Deployed
//     (or deployed earlier and not Failed now) is WatchEnded; Failed is
//     WatchDegraded or WatchFailed; never deployed is WatchFailed.
//   - Finishing more than LateGrace after st.Until sets Verdict.Late.
//
// A state that is Done yields WatchNone.
func StepWatch(st WatchState, w WatchInput, r Rollout, now time.Time) WatchStep {
	return StepVerdict(st, AssessRollout(w, r, now), now)
}

// StepVerdict is StepWatch for a verdict already reached, such as
// AssessRollouts' judgement of several apps at once.
func StepVerdict(st WatchState, v Verdict, now time.Time) WatchStep {
	step := WatchStep{Verdict: v, State: st}
	if st.Done {
		return step
	}
	deployed := !st.DeployedAt.IsZero()
	if v.Phase == PhaseDeployed && !deployed {
		step.State.DeployedAt = now
	}
	if now.Before(st.Until) || st.Until.IsZero() {
		step.Event = watchEventBefore(v.Phase, deployed)
	} else {
		step = endWatch(step, deployed, now)
	}
	step.State.Done = step.Event.Final()
	return step
}

// watchEventBefore is the event for a verdict within the window.
func watchEventBefore(p RolloutPhase, deployed bool) WatchEvent {
	switch {
	case p == PhaseFailed && deployed:
		return WatchDegraded
	case p == PhaseFailed:
		return WatchFailed
	case p == PhaseDeployed && !deployed:
		return WatchDeployed
	}
	return WatchNone
}

// endWatch finishes a watch whose window is over.
func endWatch(step WatchStep, deployed bool, now time.Time) WatchStep {
	v := &step.Verdict
	switch {
	case v.Phase == PhaseFailed && deployed:
		step.Event = WatchDegraded
	case v.Phase == PhaseFailed:
		step.Event = WatchFailed
	case v.Phase == PhaseDeployed || deployed:
		step.Event = WatchEnded
	default:
		step.Event = WatchFailed
		v.Reason = "not deployed when the watch window ended: " + v.Reason
	}
	if late := now.Sub(step.State.Until); late > LateGrace {
		v.Late = true
		v.Reason += fmt.Sprintf(" (the watch window ended %s ago, while deploybot was not running; judged from one observation now)",
			humanDuration(late))
	}
	return step
}
