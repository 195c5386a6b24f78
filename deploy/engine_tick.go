package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// Run calls Tick every interval until ctx is done, logging what fails,
// and returns ctx's error.
func (e *Engine) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := e.Tick(ctx); err != nil {
			e.log.Warn("tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Tick makes one pass over every promotion in a non-final state, reading
// each from the store first: it re-opens the pull request of a requested
// one (after a crash), polls open pull requests (merged by a person,
// closed, approvals met), starts the manual sync of a merged one, steps
// the rollout watch and supersedes watched promotions a newer one
// replaced. It returns the errors it met, joined; one promotion's error
// does not stop the others.
func (e *Engine) Tick(ctx context.Context) error {
	ps, err := e.store.ActivePromotions()
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range ps {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := e.step(ctx, p.ID); err != nil {
			errs = append(errs, fmt.Errorf("promotion %s: %w", p.ID, err))
		}
	}
	return errors.Join(errs...)
}

// step moves promotion id along as far as one pass can.
func (e *Engine) step(ctx context.Context, id string) error {
	unlock := e.lockPromotion(id)
	defer unlock()
	p, err := e.store.GetPromotion(id)
	if err != nil {
		return err
	}
	p = e.renotify(ctx, p)
	switch p.State {
	case StateRequested:
		_, err = e.open(ctx, p, nil)
	case StatePROpen, StateApproved:
		if p, err = e.poll(ctx, p); err == nil && p.State == StateMerged {
			err = e.follow(ctx, p)
		}
	case StateMerged, StateSyncing:
		err = e.follow(ctx, p)
	case StateWatching:
		err = e.followWatching(ctx, p)
	}
	return err
}

// poll follows p's open pull request: it records new GitHub reviews,
// dismissals and a moved head in the approval ledger (and tells the
// channel), then follows a merge by a person (an unapproved one is
// alerted), a close without merge, or a ledger that is met (then the
// engine merges).
func (e *Engine) poll(ctx context.Context, p Promotion) (Promotion, error) {
	st, err := e.repo.ChangeStatus(ctx, p.PR)
	if err != nil {
		return p, err
	}
	env, err := e.environment(p)
	if err != nil {
		return p, err
	}
	p, change, err := e.syncLedger(ctx, p, env, st)
	if err != nil {
		return p, err
	}
	switch st.State {
	case ChangeMerged:
		return e.recordMerge(ctx, p, st.MergeSHA, st.MergedBy, st.MergedAt)
	case ChangeClosed:
		return e.closed(ctx, p)
	}
	ledger := LedgerAt(p, p.PR.HeadSHA, RequiredApprovals(env, p.Kind))
	if change.any() {
		p = e.ledgerChanged(ctx, p, env, ledger, change)
	}
	if !ledger.Met() {
		return e.approvalsUnmet(p, ledger)
	}
	if p.State == StatePROpen {
		q, changed, err := e.advance(p.ID, EventApproved, "deploybot", "approvals met", nil)
		if err != nil {
			return q, err
		}
		if changed {
			q = e.notify(ctx, q, NoticeApproved, "Approvals met · "+ledger.Text(SlackWho), e.ledgerDetails(q, env))
		}
		p = q
	}
	return e.merge(ctx, p, "deploybot")
}

// follow starts the manual sync of a merged promotion if its environment
// asks for one and no sync was started, then steps its watch. A merge
// without approval in an unapprovedMerge: rollback environment is rolled
// back instead.
func (e *Engine) follow(ctx context.Context, p Promotion) error {
	if err := e.needCluster(); err != nil {
		return err
	}
	env, err := e.environment(p)
	if err != nil {
		return err
	}
	if p.Unapproved != "" && policyOf(env) == config.UnapprovedRollback {
		// A crash came between recording the unapproved merge and its rollback.
		_, err := e.rollbackUnapproved(ctx, p, env)
		return err
	}
	if p.State == StateMerged && env.Sync == config.SyncManual {
		if p, err = e.startSync(ctx, p); err != nil {
			return err
		}
	}
	_, err = e.watch(ctx, p)
	return err
}

// followWatching supersedes p when a newer promotion of its service and
// environment merged, and otherwise steps its watch.
func (e *Engine) followWatching(ctx context.Context, p Promotion) error {
	if err := e.needCluster(); err != nil {
		return err
	}
	newer, err := e.newerMerged(p)
	if err != nil {
		return err
	}
	if newer == nil {
		_, err = e.watch(ctx, p)
		return err
	}
	reason := fmt.Sprintf("superseded by promotion %s (%s), merged at %s", newer.ID, newer.Version, shortSHA(newer.MergeSHA))
	q, changed, err := e.advance(p.ID, EventSupersede, "deploybot", reason, nil)
	if err == nil && changed {
		e.notify(ctx, q, NoticeSuperseded, "Superseded: "+reason, NoticeDetails{})
	}
	return err
}

// newerMerged returns a promotion of p's service and environment created
// after p that merged, other than a rollback of p; nil if none.
func (e *Engine) newerMerged(p Promotion) (*Promotion, error) {
	ps, err := e.store.LatestPromotions(p.Service, p.Env, recentPromotions)
	if err != nil {
		return nil, err
	}
	for _, q := range ps {
		if !q.CreatedAt.After(p.CreatedAt) {
			break
		}
		if q.ID != p.ID && q.MergeSHA != "" && q.RollbackOf != p.ID {
			return &q, nil
		}
	}
	return nil, nil
}
