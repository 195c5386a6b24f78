package deploy

import (
	"context"
	"io/fs"

	"github.com/deploybot/deploybot/deploy/config"
)

// gateAll runs the gates of a promotion of every service and returns its
// plan at p.BaseSHA, filling p's files, changes and evidence, and whether
// Force let a rolled-back version through. Permission and freeze are the
// environment's; the plan takes each service's version from the upstream
// environment and checks it against the version rules; then every
// service that changes must not be a rolled-back version (without Force)
// and must be validated upstream, synced and healthy for the soak. A plan
// that changes nothing is CodeConflict.
func (e *Engine) gateAll(ctx context.Context, p *Promotion, env config.Environment, who Person, fsys fs.FS) (Plan, bool, error) {
	if err := CheckPromoter(env, who); err != nil {
		return Plan{}, false, err
	}
	if err := CheckFreeze(env, p.CreatedAt); err != nil {
		return Plan{}, false, err
	}
	plan, err := e.planAt(fsys, *p)
	if err != nil {
		return Plan{}, false, err
	}
	recordPlan(p, plan)
	forced := false
	evs := make([]Evidence, 0, len(plan.Changes))
	for _, ch := range plan.Changes {
		f, ev, err := e.gateChange(ctx, *p, ch, env, fsys)
		if err != nil {
			return Plan{}, false, err
		}
		forced = forced || f
		evs = append(evs, ev)
	}
	if env.After != "" {
		ev := combineEvidence(env.After, evs)
		p.Evidence = &ev
	}
	return plan, forced, nil
}

// gateChange checks one service's move of a promotion of every service:
// not a rolled-back version without Force, validated upstream.
func (e *Engine) gateChange(ctx context.Context, p Promotion, ch ServiceChange, env config.Environment, fsys fs.FS) (bool, Evidence, error) {
	svc, err := e.cfg.ResolveService(ch.Service)
	if err != nil {
		return false, Evidence{}, err
	}
	one := p
	one.Service, one.PreviousVersion, one.Version = svc.Name, ch.From, ch.To
	forced, err := e.checkRolledBack(one, svc)
	if err != nil {
		return false, Evidence{}, err
	}
	ev, err := e.upstream(ctx, svc, env, ch.To, p.BaseSHA, fsys)
	return forced, ev, err
}

// combineEvidence sums up the upstream evidence of several services: the
// upstream environment, the first revision seen, healthy since the latest
// HealthySince (every service has been healthy at least since then) and
// observed at the latest observation. Version is empty: each service has
// its own (Promotion.Changes).
func combineEvidence(env string, evs []Evidence) Evidence {
	out := Evidence{Env: env}
	for _, ev := range evs {
		if out.Revision == "" {
			out.Revision = ev.Revision
		}
		if ev.HealthySince.After(out.HealthySince) {
			out.HealthySince = ev.HealthySince
		}
		if ev.ObservedAt.After(out.ObservedAt) {
			out.ObservedAt = ev.ObservedAt
		}
	}
	return out
}
