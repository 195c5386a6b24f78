package deploy

import (
	"context"
	"slices"
)

// recentPerPair is how many promotions of each service and environment
// Recent looks at.
const recentPerPair = 5

// Status answers "what runs where": the version table of the GitOps
// repository's base branch as it is now, and the promotions in flight
// (oldest first). It returns the repository's or the store's error.
func (e *Engine) Status(ctx context.Context) (StatusTable, []Promotion, error) {
	head, err := e.repo.Head(ctx)
	if err != nil {
		return StatusTable{}, nil, err
	}
	fsys, err := e.repo.Snapshot(ctx, head)
	if err != nil {
		return StatusTable{}, nil, err
	}
	active, err := e.store.ActivePromotions()
	if err != nil {
		return StatusTable{}, nil, err
	}
	return Status(e.cfg, fsys), active, nil
}

// Recent returns the recent promotions announced in Slack channel,
// newest first: of every service (AllServices included) in every
// environment, the latest few. It returns the store's error, or ctx's
// once it is done.
func (e *Engine) Recent(ctx context.Context, channel string) ([]Promotion, error) {
	var out []Promotion
	names := []string{AllServices}
	for _, svc := range e.cfg.Services {
		names = append(names, svc.Name)
	}
	for _, svc := range names {
		for _, env := range e.cfg.Environments {
			ps, err := e.store.LatestPromotions(svc, env.Name, recentPerPair)
			if err != nil {
				return nil, err
			}
			for _, p := range ps {
				if p.Slack.Channel == channel {
					out = append(out, p)
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Promotion) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

// Promotion returns promotion id as stored, or a *Error with
// CodeNotFound.
func (e *Engine) Promotion(_ context.Context, id string) (Promotion, error) {
	return e.store.GetPromotion(id)
}

// Latest returns at most n promotions of service in env, newest first,
// or the store's error.
func (e *Engine) Latest(_ context.Context, service, env string, n int) ([]Promotion, error) {
	return e.store.LatestPromotions(service, env, n)
}

// RecordRefusal appends ev, a refusal decided before the engine was
// asked (a command that does not parse, a foreign workspace), to the
// audit log. It returns the store's error.
func (e *Engine) RecordRefusal(_ context.Context, ev AuditEvent) error {
	return e.store.AppendAudit(ev)
}
