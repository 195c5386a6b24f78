package deploy

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// UnapprovedMergeAction is the audit action of a merge without the
// required approvals.
const UnapprovedMergeAction = "unapproved_merge"

// recordUnapprovedMerge moves p to merged like recordMerge, but as a merge
// that did not go through the approval ledger l: p records what was
// missing, the audit log an UnapprovedMergeAction naming who merged, and
// the channel and the pull request get a loud alert instead of the merge
// notice. The watch still runs; with env.UnapprovedMerge rollback the
// revert pull request is opened at once (and merged when the rollback
// policy needs no approval).
func (e *Engine) recordUnapprovedMerge(ctx context.Context, p Promotion, env config.Environment, l Ledger, sha, by string, mergedAt time.Time) (Promotion, error) {
	who := e.githubPerson(by, SlackWho)
	missing := fmt.Sprintf("merged by %s on GitHub without the required approvals: %s", who, l.Missing(SlackWho))
	reason := fmt.Sprintf("merged at %s by %s without the required approvals", shortSHA(sha), cmp.Or(by, "someone on GitHub"))
	q, changed, err := e.advanceAudit(p.ID, EventMerged, cmp.Or(by, "github"), reason,
		func(q *Promotion) []AuditEvent {
			q.MergeSHA, q.MergedAt, q.WatchUntil = sha, mergedAt, WatchWindow(env, mergedAt)
			q.Unapproved = missing
			return []AuditEvent{{At: e.now(), PromotionID: q.ID, Actor: cmp.Or(by, "github"), Action: UnapprovedMergeAction,
				From: StateMerged, To: StateMerged, Reason: fmt.Sprintf("%s; the ledger: %s; policy: %s", reason, l.Text(SlackWho), policyOf(env))}}
		})
	if err != nil || !changed {
		return q, err
	}
	d := e.ledgerDetails(q, env)
	q = e.notify(ctx, q, NoticeUnapprovedMerge, unapprovedLine(q), d)
	e.comment(ctx, q, fmt.Sprintf("⚠️ **Merged without the required approvals** by %s: %s.\n\n%s\n\n%s",
		e.githubPerson(by, GitHubWho), l.Missing(GitHubWho), l.Text(GitHubWho), policyNote(env)))
	if policyOf(env) == config.UnapprovedRollback {
		return e.rollbackUnapproved(ctx, q, env)
	}
	return q, nil
}

// rollbackUnapproved fails p, merged without its approvals, and opens its
// rollback at once, requested by deploybot.
func (e *Engine) rollbackUnapproved(ctx context.Context, p Promotion, env config.Environment) (Promotion, error) {
	q, _, err := e.advance(p.ID, EventFail, "deploybot", "merged without the required approvals; rolled back by the unapprovedMerge: rollback policy", nil)
	if err != nil {
		return q, err
	}
	q = e.notify(ctx, q, NoticeFailed, "Rolling back: "+q.Env+" has unapprovedMerge: rollback, so deploybot reverts this merge", e.baseDetails(q))
	if _, err := e.startRollback(ctx, q, env, "deploybot", "merged on GitHub without the required approvals"); err != nil {
		e.notify(ctx, q, NoticeFailed, "🚨 deploybot could not open the rollback of this unapproved merge: "+fault.UserMessage(err)+
			" Roll it back by hand (the Rollback button or /rollback).", e.baseDetails(q))
		return q, fmt.Errorf("rolling back the unapproved merge of promotion %s: %w", q.ID, err)
	}
	return e.store.GetPromotion(q.ID)
}

// githubPerson names the person behind GitHub login for an audience: the
// Slack user Config.People maps it to (with the login), else the login.
func (e *Engine) githubPerson(login string, who Mentioner) string {
	if login == "" {
		return "someone on GitHub"
	}
	a := Approval{Login: login}
	if id, ok := e.cfg.SlackIDOf(login); ok {
		a.By = id
		if s := who(a); s != "@"+login {
			return s + " (@" + login + ")"
		}
	}
	return "@" + login
}

// unapprovedLine is the loud thread line of a merge without approvals.
func unapprovedLine(p Promotion) string {
	return fmt.Sprintf("🚨 Not a normal deployment: %s %s was %s. The merge %s is audited; deploybot keeps watching the rollout.",
		p.Service, p.Version, p.Unapproved, shortSHA(p.MergeSHA))
}

// unapprovedAlert is the warning every notice of p repeats once it was
// merged without its approvals; empty otherwise.
func unapprovedAlert(p Promotion) string {
	if p.Unapproved == "" {
		return ""
	}
	return "Not a normal deployment: " + p.Unapproved
}

// policyOf is env's unapprovedMerge policy, alert when unset.
func policyOf(env config.Environment) config.UnapprovedMergePolicy {
	if env.UnapprovedMerge == "" {
		return config.UnapprovedAlert
	}
	return env.UnapprovedMerge
}

// policyNote says what deploybot does next under env's policy.
func policyNote(env config.Environment) string {
	if policyOf(env) == config.UnapprovedRollback {
		return fmt.Sprintf("%s has `unapprovedMerge: rollback`: deploybot opens the revert pull request now.", env.Name)
	}
	return fmt.Sprintf("%s has `unapprovedMerge: alert`: deploybot keeps watching the rollout; roll it back in Slack if it should not run.", env.Name)
}
