package bot

import (
	"context"
	"fmt"

	"github.com/deploybot/deploybot/deploy"
)

// runAction does a button click: Approve, Cancel or Rollback of the
// promotion the button names, checked by the engine against the clicker
// (user.id and user.team_id of the click, never the message's).
func (b *Bot) runAction(ctx context.Context, w work) {
	to := w.replyTo()
	if b.foreignTeam(w.Team) {
		b.refuseCheap(w, "foreign workspace "+w.Team)
		b.reply(ctx, to, msgForeignTeam)
		return
	}
	if w.Value == "" {
		b.reply(ctx, to, "That button names no promotion; nothing was changed.")
		return
	}
	person := b.person(ctx, w.User)
	var p deploy.Promotion
	var err error
	switch w.ActionID {
	case actionApprove:
		p, err = b.engine.Approve(ctx, w.Value, person)
	case actionCancel:
		p, err = b.engine.Cancel(ctx, w.Value, person)
	case actionRollback:
		p, err = b.engine.Rollback(ctx, deploy.RollbackRequest{PromotionID: w.Value, Person: person,
			Reason: "Rollback button in Slack"})
	default:
		b.log.Warn("unknown button", "action_id", w.ActionID)
		return
	}
	if err != nil {
		b.answer(ctx, to, p, err, w.ActionID)
		return
	}
	b.reply(ctx, to, clickOutcome(w.ActionID, p))
}

// clickOutcome confirms a click quietly; the announcement shows the rest.
func clickOutcome(action string, p deploy.Promotion) string {
	switch action {
	case actionApprove:
		return fmt.Sprintf("You approved %s (%s → %s). It is %s now.", p.ID, p.Service, p.Version, p.State)
	case actionCancel:
		return fmt.Sprintf("You cancelled %s.", p.ID)
	}
	return fmt.Sprintf("Rollback %s started: %s back to %s in %s. It is %s now.", p.ID, p.Service, p.Version, p.Env, p.State)
}
