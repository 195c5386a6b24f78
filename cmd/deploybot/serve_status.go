package main

import (
	"context"
	"slices"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/store"
)

// recentPerPair is how many promotions of each service and environment
// /rollback's menu looks at.
const recentPerPair = 5

// statusFunc answers /promote status: the versions in the GitOps repo's
// base branch as it is now, and the promotions in flight.
func statusFunc(cfg *config.Config, repo *github.Client, st *store.Store) func(ctx context.Context) (deploy.StatusTable, []deploy.Promotion, error) {
	return func(ctx context.Context) (deploy.StatusTable, []deploy.Promotion, error) {
		head, err := repo.Head(ctx)
		if err != nil {
			return deploy.StatusTable{}, nil, err
		}
		fsys, err := repo.Snapshot(ctx, head)
		if err != nil {
			return deploy.StatusTable{}, nil, err
		}
		active, err := st.ActivePromotions()
		if err != nil {
			return deploy.StatusTable{}, nil, err
		}
		return deploy.Status(cfg, fsys), active, nil
	}
}

// recentFunc returns the recent promotions announced in a channel, newest
// first, for /rollback without arguments.
func recentFunc(cfg *config.Config, st *store.Store) func(ctx context.Context, channel string) ([]deploy.Promotion, error) {
	return func(ctx context.Context, channel string) ([]deploy.Promotion, error) {
		var out []deploy.Promotion
		names := []string{deploy.AllServices}
		for _, svc := range cfg.Services {
			names = append(names, svc.Name)
		}
		for _, svc := range names {
			for _, env := range cfg.Environments {
				ps, err := st.LatestPromotions(svc, env.Name, recentPerPair)
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
		slices.SortFunc(out, func(a, b deploy.Promotion) int { return b.CreatedAt.Compare(a.CreatedAt) })
		return out, nil
	}
}
