package deploy

import (
	"context"

	"github.com/deploybot/deploybot/deploy/config"
)

// Commenter is implemented by a Repo that can comment on a pull request;
// the engine then writes the approval ledger there too. It returns the
// Repo's errors.
type Commenter interface {
	CommentChange(ctx context.Context, pr PullRequest, body string) error
}

// refreshLedger brings p's ledger up to date with its pull request before
// an approval is checked, so a Slack approval is recorded on the current
// head and counted with the GitHub reviews. GitHub being unreachable
// leaves p as stored (logged): the approval is then checked against what
// the last poll saw.
func (e *Engine) refreshLedger(ctx context.Context, p Promotion, env config.Environment) Promotion {
	if p.PR.Number == 0 || (p.State != StatePROpen && p.State != StateApproved) {
		return p
	}
	st, err := e.repo.ChangeStatus(ctx, p.PR)
	if err == nil && st.State == ChangeOpen {
		var change ledgerChange
		q, change, serr := e.syncLedger(ctx, p, env, st)
		if serr == nil {
			if change.any() {
				q = e.ledgerChanged(ctx, q, env, LedgerAt(q, q.PR.HeadSHA, RequiredApprovals(env, q.Kind)), change)
			}
			return q
		}
		err = serr
	}
	if err != nil {
		e.log.Warn("reading the pull request's reviews failed; checking the approval against the recorded ledger",
			"promotion", p.ID, "err", err)
	}
	return p
}

// ledgerChanged tells the channel (and, for new commits, the pull
// request) what changed in p's ledger, and returns p as stored.
func (e *Engine) ledgerChanged(ctx context.Context, p Promotion, env config.Environment, l Ledger, c ledgerChange) Promotion {
	line := "Approvals changed on GitHub · " + l.Text(SlackWho)
	if c.oldHead != "" {
		moved := Promotion{PR: PullRequest{Branch: p.PR.Branch, HeadSHA: c.oldHead}}
		reason := headMovedReason(moved, p.PR.HeadSHA)
		line = capitalise(reason) + " · " + l.Text(SlackWho)
		e.comment(ctx, p, capitalise(reason)+".\n\n"+l.Text(GitHubWho))
	}
	return e.notify(ctx, p, NoticeApprovalsChanged, line, e.ledgerDetails(p, env))
}

// approvalsUnmet records, once, that an approved promotion's ledger is no
// longer met (new commits, a change request, a dismissal), so it waits
// for approvals again instead of merging.
func (e *Engine) approvalsUnmet(p Promotion, l Ledger) (Promotion, error) {
	if p.State != StateApproved {
		return p, nil
	}
	reason := "approvals no longer met: " + l.Missing(SlackWho)
	if p.StateReason == reason {
		return p, nil
	}
	now := e.now()
	return e.store.UpdatePromotion(p.ID, func(q *Promotion) ([]AuditEvent, error) {
		q.StateReason, q.UpdatedAt = reason, now
		return []AuditEvent{{At: now, PromotionID: q.ID, Actor: "deploybot", Action: "approvals_unmet",
			From: q.State, To: q.State, Reason: reason}}, nil
	})
}

// ledgerDetails is baseDetails with p's ledger.
func (e *Engine) ledgerDetails(p Promotion, env config.Environment) NoticeDetails {
	d := e.baseDetails(p)
	d.Ledger = LedgerAt(p, p.PR.HeadSHA, RequiredApprovals(env, p.Kind)).Text(SlackWho)
	return d
}

// comment writes body on p's pull request when the Repo can; a failure is
// logged, never returned: the channel has the same news.
func (e *Engine) comment(ctx context.Context, p Promotion, body string) {
	c, ok := e.repo.(Commenter)
	if !ok || p.PR.Number == 0 {
		return
	}
	if err := c.CommentChange(ctx, p.PR, body); err != nil {
		e.log.Warn("commenting on the pull request failed", "promotion", p.ID, "pr", p.PR.Number, "err", err)
	}
}
