package deploy

import (
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// UpstreamObservation is what deploybot saw of a promotion's upstream
// environment (the target's `after`) when it checked the gate.
type UpstreamObservation struct {
	// Running is the version the upstream's GitOps files hold, read at
	// FileRevision (see CurrentVersion).
	Running      Version
	FileRevision string
	// Rollout is the upstream's Argo CD app, observed now.
	Rollout Rollout
	// Recorded is deploybot's own record of since when the app has been
	// Healthy at its current revision (the HealthySince of the watch of
	// the promotion that put it there, kept in the store); zero if none.
	// It is used only when Argo CD does not report a health transition
	// time.
	Recorded time.Time
}

// HealthySince returns since when r has been Healthy at the revision it
// runs, or the zero time when that is unknown or r is not Healthy:
//
//  1. Argo CD's health.lastTransitionTime (Rollout.HealthSince), the
//     moment the app's health last changed to Healthy; else
//  2. recorded, deploybot's own record of the start of the continuous
//     Healthy stretch it watched; else
//  3. unknown (zero): a gate with a soak then blocks.
//
// Either is moved forward to DeployedAt, the end of the last successful
// sync, when that is later: a sync that rolled out so fast that Argo CD
// never saw the app leave Healthy must not inherit the previous version's
// healthy time. A later sync that changed something else restarts the
// soak too; that errs on the safe side.
func HealthySince(r Rollout, recorded time.Time) time.Time {
	if r.Health != healthHealthy {
		return time.Time{}
	}
	since := r.HealthSince
	if since.IsZero() {
		since = recorded
	}
	if since.IsZero() {
		return time.Time{}
	}
	if r.DeployedAt.After(since) {
		since = r.DeployedAt
	}
	return since
}

// UpstreamCheck returns CheckUpstream's input for promoting want of svc
// into env at now, from what deploybot observed upstream. The app counts
// as synced at FileRevision when Argo CD compared it with that commit and
// found it Synced (see Rollout.SyncedRevision); healthy since is
// HealthySince(o.Rollout, o.Recorded).
func (o UpstreamObservation) UpstreamCheck(svc config.Service, env config.Environment, want Version, now time.Time) UpstreamCheck {
	return UpstreamCheck{
		Service:      svc.Name,
		Pattern:      svc.Version,
		Env:          env,
		Upstream:     env.After,
		Want:         want,
		Running:      o.Running,
		Rollout:      o.Rollout,
		FileRevision: o.FileRevision,
		HealthySince: HealthySince(o.Rollout, o.Recorded),
		Now:          now,
	}
}

// CheckObservedUpstream is CheckUpstream(o.UpstreamCheck(svc, env, want,
// now)): the Evidence that want was validated upstream, or a *Error with
// CodeBlocked naming the check that failed and what was seen.
func CheckObservedUpstream(o UpstreamObservation, svc config.Service, env config.Environment, want Version, now time.Time) (Evidence, error) {
	return CheckUpstream(o.UpstreamCheck(svc, env, want, now))
}
