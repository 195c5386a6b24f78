package deploy

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// recentPromotions is how far back the engine looks through a service's
// promotions in an environment (rolled-back versions, upstream records).
const recentPromotions = 50

// checkRolledBack refuses p's version when the latest promotion of it to
// p's service and environment was rolled back, unless p.Force gives a
// reason; it reports whether Force was needed. The refusal is CodeBlocked.
func (e *Engine) checkRolledBack(p Promotion, svc config.Service) (bool, error) {
	q, err := e.rolledBack(svc, p.Env, p.Version)
	if err != nil || q == nil {
		return false, err
	}
	if p.Force != "" {
		return true, nil
	}
	why := ""
	if q.StateReason != "" {
		why = " (" + q.StateReason + ")"
	}
	return false, fault.Errorf(fault.CodeBlocked, "Can't promote %s %s to %s: it was rolled back there by %s%s. Promoting it again needs --force with a reason.",
		svc.Name, p.Version, p.Env, cmp.Or(q.RolledBackBy, "a rollback"), why)
}

// rolledBack returns the newest promotion of v to svc in env when it was
// rolled back and no later promotion of v got past its rollout; nil
// otherwise.
func (e *Engine) rolledBack(svc config.Service, env string, v Version) (*Promotion, error) {
	ps, err := e.store.LatestPromotions(svc.Name, env, recentPromotions)
	if err != nil {
		return nil, err
	}
	for _, q := range ps {
		if q.Kind != KindPromote || !SameVersion(svc.Version, q.Version, v) {
			continue
		}
		switch q.State {
		case StateRolledBack:
			return &q, nil
		case StateWatching, StateSucceeded:
			return nil, nil
		}
	}
	return nil, nil
}

// upstream returns the evidence that want runs, synced and healthy for the
// soak, in env's upstream environment: its files at head (fsys) and its
// Argo CD app now. Without an upstream it returns a zero Evidence.
func (e *Engine) upstream(ctx context.Context, svc config.Service, env config.Environment, want Version, head string, fsys fs.FS) (Evidence, error) {
	if env.After == "" {
		return Evidence{}, nil
	}
	if err := e.needCluster(); err != nil {
		return Evidence{}, err
	}
	running, err := CurrentVersion(e.cfg, fsys, svc.Name, env.After)
	if err != nil {
		return Evidence{}, err
	}
	r, err := e.cluster.Observe(ctx, appName(svc, env.After))
	if err != nil {
		return Evidence{}, fmt.Errorf("observe %s's app: %w", env.After, err)
	}
	obs := UpstreamObservation{Running: running, FileRevision: head, Rollout: r,
		Recorded: e.recordedHealthy(svc, env.After, running)}
	return CheckObservedUpstream(obs, svc, env, want, e.now())
}

// recordedHealthy is deploybot's own record of since when v has been
// healthy in env: the HealthyAt of the newest watched promotion of it.
func (e *Engine) recordedHealthy(svc config.Service, env string, v Version) time.Time {
	ps, err := e.store.LatestPromotions(svc.Name, env, recentPromotions)
	if err != nil {
		e.log.Warn("reading upstream promotions failed", "service", svc.Name, "env", env, "err", err)
		return time.Time{}
	}
	for _, q := range ps {
		if SameVersion(svc.Version, q.Version, v) && !q.HealthyAt.IsZero() {
			return q.HealthyAt
		}
	}
	return time.Time{}
}
