package deploy

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Approve records approver's approval of promotion id and, once the
// environment's approvals are met, merges its pull request (expecting its
// recorded head) and announces the merge. It returns CheckApprover's
// refusal (audited as refused:approve); when GitHub refuses the merge
// (CodeBlocked, CodeConflict) the promotion stays approved, the refusal is
// announced and returned.
func (e *Engine) Approve(ctx context.Context, id string, approver Person) (Promotion, error) {
	unlock := e.lockPromotion(id)
	defer unlock()
	p, err := e.store.GetPromotion(id)
	if err != nil {
		return p, err
	}
	env, err := e.environment(p)
	if err != nil {
		return p, err
	}
	if login, ok := e.cfg.People[approver.ID]; ok && approver.GitHubLogin == "" {
		approver.GitHubLogin = login
	}
	required := RequiredApprovals(env, p.Kind)
	p = e.refreshLedger(ctx, p, env)
	if err := CheckApprover(env, p, approver, required); err != nil {
		return p, e.refuse(p, "approve", approver.ID, err)
	}
	p, err = e.recordApproval(id, env, approver, required)
	if err != nil {
		return p, e.refuse(p, "approve", approver.ID, err)
	}
	ledger := LedgerAt(p, p.PR.HeadSHA, required)
	p = e.notify(ctx, p, NoticeApproved, approvedLine(p, approver.ID, required), e.ledgerDetails(p, env))
	e.comment(ctx, p, fmt.Sprintf("**Approved %s** by %s on %s.\n\n%s", approver.via().where(),
		GitHubWho(Approval{By: approver.ID, Login: approver.GitHubLogin}), shortSHA(p.PR.HeadSHA), ledger.Text(GitHubWho)))
	if p.State != StateApproved {
		return p, nil
	}
	return e.merge(ctx, p, approver.ID)
}

// recordApproval adds approver's approval of the recorded head to
// promotion id's ledger in one transaction, checking again there, and
// moves it to approved once the ledger is met and its pull request is
// open.
func (e *Engine) recordApproval(id string, env config.Environment, approver Person, required int) (Promotion, error) {
	now := e.now()
	return e.store.UpdatePromotion(id, func(p *Promotion) ([]AuditEvent, error) {
		if err := CheckApprover(env, *p, approver, required); err != nil {
			return nil, err
		}
		p.Approvals = append(p.Approvals, Approval{By: approver.ID, At: now, Source: approver.via(),
			Verdict: ReviewApproved, Login: approver.GitHubLogin, HeadSHA: p.PR.HeadSHA})
		p.UpdatedAt = now
		ledger := LedgerAt(*p, p.PR.HeadSHA, required)
		evs := []AuditEvent{{At: now, PromotionID: p.ID, Actor: approver.ID, Action: "approve",
			From: p.State, To: p.State, Reason: fmt.Sprintf("%d of %d approvals, %s on %s",
				len(ledger.Approved), required, approver.via().where(), cmp.Or(shortSHA(p.PR.HeadSHA), "the pull request"))}}
		if p.State != StatePROpen || !ledger.Met() {
			return evs, nil
		}
		from, err := p.transition(EventApproved, "approvals met", now)
		if err != nil {
			return nil, err
		}
		return append(evs, AuditEvent{At: now, PromotionID: p.ID, Actor: approver.ID,
			Action: string(EventApproved), From: from, To: p.State, Reason: p.StateReason}), nil
	})
}

// merge merges p's pull request unless GitHub shows it merged already
// (a crash after the merge), and records the merge. A refusal leaves p
// approved with the reason, audited and announced once per reason.
func (e *Engine) merge(ctx context.Context, p Promotion, actor string) (Promotion, error) {
	st, err := e.repo.ChangeStatus(ctx, p.PR)
	if err != nil {
		return p, err
	}
	switch st.State {
	case ChangeMerged:
		return e.recordMerge(ctx, p, st.MergeSHA, cmp.Or(st.MergedBy, actor), st.MergedAt)
	case ChangeClosed:
		return e.closed(ctx, p)
	}
	sha, err := e.repo.Merge(ctx, p.PR, p.PR.Title)
	if err != nil {
		return e.mergeRefused(ctx, p, actor, err)
	}
	return e.recordMerge(ctx, p, sha, actor, time.Time{})
}

// mergeRefused records GitHub's refusal to merge p and returns it.
func (e *Engine) mergeRefused(ctx context.Context, p Promotion, actor string, err error) (Promotion, error) {
	code := fault.ErrorCode(err)
	if code != fault.CodeBlocked && code != fault.CodeConflict {
		return p, err
	}
	reason := "merge refused: " + fault.UserMessage(err)
	if p.StateReason == reason {
		return p, err
	}
	e.refuse(p, "merge", actor, err)
	q, uerr := e.store.UpdatePromotion(p.ID, func(q *Promotion) ([]AuditEvent, error) {
		q.StateReason, q.UpdatedAt = reason, e.now()
		return nil, nil
	})
	if uerr != nil {
		return p, err
	}
	e.notify(ctx, q, NoticeMergeRefused, "Merge refused: "+fault.UserMessage(err), NoticeDetails{})
	return q, err
}

// recordMerge moves p to merged at sha (mergedAt, else now), setting its
// watch window, announces it and, for a rollback, marks the promotion it
// undoes as rolled back.
func (e *Engine) recordMerge(ctx context.Context, p Promotion, sha, by string, mergedAt time.Time) (Promotion, error) {
	env, err := e.environment(p)
	if err != nil {
		return p, err
	}
	now := e.now()
	if mergedAt.IsZero() || mergedAt.After(now) {
		mergedAt = now
	}
	if l := LedgerAt(p, p.PR.HeadSHA, RequiredApprovals(env, p.Kind)); !l.Met() && (p.State == StatePROpen || p.State == StateApproved) {
		return e.recordUnapprovedMerge(ctx, p, env, l, sha, by, mergedAt)
	}
	q, changed, err := e.advance(p.ID, EventMerged, cmp.Or(by, "github"), "merged at "+shortSHA(sha),
		func(q *Promotion) {
			q.MergeSHA, q.MergedAt, q.WatchUntil = sha, mergedAt, WatchWindow(env, mergedAt)
		})
	if err != nil {
		return q, err
	}
	if changed {
		q = e.notify(ctx, q, NoticeMerged, mergedLine(q, by), e.baseDetails(q))
	}
	if q.Kind == KindRollback {
		e.markRolledBack(ctx, q)
	}
	return q, nil
}

// markRolledBack moves the promotion rollback rb undoes to rolled_back
// and announces it on that promotion's message.
func (e *Engine) markRolledBack(ctx context.Context, rb Promotion) {
	reason := fmt.Sprintf("rolled back by %s (promotion %s)", slackMention(rb.Requester), rb.ID)
	if rb.Reason != "" {
		reason += ": " + rb.Reason
	}
	of, changed, err := e.advance(rb.RollbackOf, EventRollBack, rb.Requester, reason,
		func(q *Promotion) { q.RolledBackBy = rb.ID })
	if err != nil {
		e.log.Error("marking a promotion rolled back failed", "promotion", rb.RollbackOf, "rollback", rb.ID, "err", err)
		return
	}
	if changed {
		line := fmt.Sprintf("Rolled back to %s by %s (PR #%d)", rb.Version, slackMention(rb.Requester), rb.PR.Number)
		e.notify(ctx, of, NoticeRolledBack, line, NoticeDetails{})
	}
}
