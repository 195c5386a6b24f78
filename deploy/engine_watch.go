package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// startSync asks Argo CD to sync each of p's apps to its merge commit
// and records sync_started. After a crash between the two, an app's
// operation for the merge is recognised and not started twice.
func (e *Engine) startSync(ctx context.Context, p Promotion) (Promotion, error) {
	apps, err := e.watchedApps(p)
	if err != nil {
		return p, err
	}
	for _, app := range apps {
		if err := e.syncApp(ctx, app, p.MergeSHA); err != nil {
			return p, err
		}
	}
	now := e.now()
	q, changed, err := e.advance(p.ID, EventSyncStarted, "deploybot", "sync of "+shortSHA(p.MergeSHA)+" started",
		func(q *Promotion) { q.SyncStartedAt = now })
	if err == nil && changed {
		line := fmt.Sprintf("Sync of %s started in %s", shortSHA(p.MergeSHA), strings.Join(apps, ", "))
		q = e.notify(ctx, q, NoticeSyncStarted, line, e.baseDetails(q))
	}
	return q, err
}

// syncApp syncs app to sha unless its last operation already does.
func (e *Engine) syncApp(ctx context.Context, app, sha string) error {
	r, err := e.cluster.Observe(ctx, app)
	if err != nil {
		return err
	}
	if sameRevision(r.OperationRevision, sha) && r.OperationRevision != "" {
		return nil
	}
	return e.cluster.Sync(ctx, app, sha, false)
}

// watch observes each of p's apps once, judges the observations with
// AssessRollouts and StepVerdict and records what they mean: deployed,
// failed or degraded, window ended, or progress worth a thread line.
// Revisions after the merge count when they contain it (auto-sync
// environments follow the branch head).
func (e *Engine) watch(ctx context.Context, p Promotion) (Promotion, error) {
	env, err := e.environment(p)
	if err != nil {
		return p, err
	}
	rs, err := e.observeApps(ctx, p)
	if err != nil {
		return p, err
	}
	now := e.now()
	in := WatchInput{MergeSHA: p.MergeSHA, MergedAt: p.MergedAt, SyncStartedAt: p.SyncStartedAt,
		ProgressDeadline: env.ProgressDeadline, Descends: e.descends(ctx, p)}
	v, i := AssessRollouts(in, rs, now)
	step := StepVerdict(WatchState{Until: p.WatchUntil, DeployedAt: p.HealthyAt}, v, now)
	r := rs[i]
	if step.Event.Final() {
		defer e.ancestry.forget(p.ID)
	}
	switch step.Event {
	case WatchDeployed:
		return e.deployed(ctx, p, step, r)
	case WatchEnded:
		if p.State != StateWatching {
			if p, err = e.deployed(ctx, p, step, r); err != nil {
				return p, err
			}
		}
		return e.windowEnded(ctx, p, step, r)
	case WatchFailed, WatchDegraded:
		return e.failed(ctx, p, step, r)
	}
	return e.progress(ctx, p, step, r)
}

// observeApps observes each of p's apps, in order.
func (e *Engine) observeApps(ctx context.Context, p Promotion) ([]Rollout, error) {
	apps, err := e.watchedApps(p)
	if err != nil {
		return nil, err
	}
	if len(apps) == 0 {
		return nil, fault.Errorf(fault.CodeInternal, "promotion %s changes no service, so there is no Argo CD app to watch", p.ID)
	}
	rs := make([]Rollout, len(apps))
	for i, app := range apps {
		if rs[i], err = e.cluster.Observe(ctx, app); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// deployed records the first healthy observation.
func (e *Engine) deployed(ctx context.Context, p Promotion, step WatchStep, r Rollout) (Promotion, error) {
	q, changed, err := e.advance(p.ID, EventDeployed, "argocd", step.Verdict.Reason, func(q *Promotion) {
		q.HealthyAt, q.Rollout = step.State.DeployedAt, &r
	})
	if err != nil || !changed {
		return q, err
	}
	d := e.baseDetails(q)
	d.Verdict = &step.Verdict
	d.RollbackPlan = rollbackPlan(q)
	return e.notify(ctx, q, NoticeDeployed, deployedLine(step.Verdict, q.WatchUntil, e.now()), d), nil
}

// windowEnded records a watch window that ended with the rollout healthy.
func (e *Engine) windowEnded(ctx context.Context, p Promotion, step WatchStep, r Rollout) (Promotion, error) {
	q, changed, err := e.advance(p.ID, EventWindowEnded, "deploybot", step.Verdict.Reason, func(q *Promotion) { q.Rollout = &r })
	if err != nil || !changed {
		return q, err
	}
	d := e.baseDetails(q)
	d.Verdict = &step.Verdict
	d.RollbackPlan = rollbackPlan(q)
	return e.notify(ctx, q, NoticeWindowEnded, endedLine(q, step.Verdict), d), nil
}

// failed records a rollout that failed, or degraded after it was deployed.
func (e *Engine) failed(ctx context.Context, p Promotion, step WatchStep, r Rollout) (Promotion, error) {
	q, changed, err := e.advance(p.ID, EventFail, "argocd", step.Verdict.Reason, func(q *Promotion) { q.Rollout = &r })
	if err != nil || !changed {
		return q, err
	}
	kind := NoticeFailed
	if step.Event == WatchDegraded {
		kind = NoticeDegraded
	}
	d := e.baseDetails(q)
	d.Verdict = &step.Verdict
	d.RollbackPlan = rollbackPlan(q)
	return e.notify(ctx, q, kind, failedLine(step.Event, step.Verdict), d), nil
}

// progress records a changed verdict that ends nothing (Syncing,
// Progressing) and adds it to the thread; an unchanged one is not written.
func (e *Engine) progress(ctx context.Context, p Promotion, step WatchStep, r Rollout) (Promotion, error) {
	if step.Verdict.Reason == p.StateReason || p.State == StateWatching {
		return p, nil
	}
	q, err := e.store.UpdatePromotion(p.ID, func(q *Promotion) ([]AuditEvent, error) {
		q.StateReason, q.Rollout, q.UpdatedAt = step.Verdict.Reason, &r, e.now()
		return nil, nil
	})
	if err != nil {
		return p, err
	}
	d := NoticeDetails{Verdict: &step.Verdict}
	return e.notify(ctx, q, NoticeProgressing, string(step.Verdict.Phase)+" — "+step.Verdict.Reason, d), nil
}
