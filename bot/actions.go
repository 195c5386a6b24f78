package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy"
)

// rollbackButtonReason is the reason a Rollback click gives the engine.
const rollbackButtonReason = "Rollback button in Slack"

// runAction does a button click: Approve, Cancel or Rollback of the
// promotion the button names, checked by the engine against the clicker
// (user.id and user.team_id of the click, never the message's).
func (b *Bot) runAction(ctx context.Context, r run) {
	w := r.work
	to := w.replyTo()
	if w.Value == "" {
		b.reply(ctx, to, "That button names no promotion; nothing was changed.")
		return
	}
	person := b.person(ctx, w.User)
	var p deploy.Promotion
	var err error
	action := actionKind(w.ActionID)
	switch action {
	case actionApprove:
		p, err = b.engine.Approve(ctx, w.Value, person)
	case actionCancel:
		p, err = b.engine.Cancel(ctx, w.Value, person)
	case actionRollback:
		p, err = b.rollbackClick(ctx, r, person)
	default:
		b.log.Warn("unknown button", "action_id", w.ActionID)
		return
	}
	text := b.answer(to, p, err, action)
	if err == nil {
		text = clickOutcome(action, p, b.cfg.GitHub.Repository)
	}
	b.finish(ctx, r, p.ID, text)
}

// actionKind is the button an action_id names: "rollback" for the
// announcement's "rollback" and for the /rollback picker's "rollback:3"
// (see pickerActionID); the promotion is always the button's value.
func actionKind(actionID string) string {
	kind, _, _ := strings.Cut(actionID, ":")
	return kind
}

// rollbackClick asks the engine to roll back the promotion the clicked
// button names, once per job (see engineOnce). The reason says why when
// the promotion failed.
func (b *Bot) rollbackClick(ctx context.Context, r run, person deploy.Person) (deploy.Promotion, error) {
	req := deploy.RollbackRequest{PromotionID: r.work.Value, Person: person, Reason: rollbackButtonReason}
	if of, err := b.engine.Promotion(ctx, r.work.Value); err == nil && of.State == deploy.StateFailed && of.StateReason != "" {
		req.Reason = failureSummary(of) + " — " + rollbackButtonReason
	}
	call := func() (deploy.Promotion, error) { return b.engine.Rollback(ctx, req) }
	t, ok := b.rollbackTarget(ctx, r.work.Value)
	if !ok {
		return call()
	}
	return b.engineOnce(ctx, r, t, call)
}

// maxSummary bounds a failure summary, in characters.
const maxSummary = 120

// failureSummary is why failed promotion p failed, in a few words, for a
// rollback's reason: "web-production is Degraded 6 min after merge (see
// thread)". The full detail is in the announcement's thread.
func failureSummary(p deploy.Promotion) string {
	s, _, cut := strings.Cut(p.StateReason, ": ")
	if r := []rune(s); len(r) > maxSummary {
		s, cut = string(r[:maxSummary])+"…", true
	}
	if !p.MergedAt.IsZero() && p.FinishedAt.After(p.MergedAt) {
		s += " " + minutes(p.FinishedAt.Sub(p.MergedAt)) + " after merge"
	}
	if cut {
		s += " (see thread)"
	}
	return s
}

// clickOutcome confirms a click the engine took; the announcement shows
// the rest.
func clickOutcome(action string, p deploy.Promotion, repo string) string {
	if p.State == deploy.StateBlocked && p.StateReason != "" {
		return p.StateReason // a replayed refusal
	}
	switch action {
	case actionApprove:
		return fmt.Sprintf("You approved %s (%s). It is %s now.", p.ID, moveSummary(p), p.State)
	case actionCancel:
		return fmt.Sprintf("You cancelled %s (%s).", p.ID, moveSummary(p))
	case actionRollback:
		return rollingBack(p, repo)
	}
	return ""
}
