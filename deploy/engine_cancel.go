package deploy

import (
	"context"
	"slices"

	"github.com/deploybot/deploybot/deploy/fault"
)

// Cancel cancels promotion id for person (its requester or one of the
// environment's approvers): it closes the pull request, deletes its
// branch, records and announces the cancellation. It returns CodeNotFound
// for an unknown promotion, CodeUnauthorised for anyone else (audited as
// refused:cancel), CodeConflict when the promotion is past merging, and
// GitHub's errors.
func (e *Engine) Cancel(ctx context.Context, id string, person Person) (Promotion, error) {
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
	if person.ID != p.Requester && !person.memberOf(env.Approvers) {
		return p, e.refuse(p, "cancel", person.ID, fault.Errorf(fault.CodeUnauthorised,
			"You can't cancel %s %s: only its requester %s or %s can.", promotionNoun(p.Kind), p.ID,
			slackMention(p.Requester), slackMentions(env.Approvers, "nobody else")))
	}
	if _, err := Transition(p.State, EventCancel); err != nil {
		return p, e.refuse(p, "cancel", person.ID, err)
	}
	if p.PR.Number != 0 {
		if err := e.repo.Abandon(ctx, p.PR); err != nil {
			return p, err
		}
	}
	q, changed, err := e.advance(id, EventCancel, person.ID, "cancelled by "+slackMention(person.ID), nil)
	if err != nil || !changed {
		return q, err
	}
	return e.notify(ctx, q, NoticeCancelled, "Cancelled by "+slackMention(person.ID), NoticeDetails{}), nil
}

// closed cancels p because its pull request was closed without merging.
func (e *Engine) closed(ctx context.Context, p Promotion) (Promotion, error) {
	reason := "the pull request was closed on GitHub without merging"
	q, changed, err := e.advance(p.ID, EventCancel, "github", reason, nil)
	if err != nil || !changed {
		return q, err
	}
	return e.notify(ctx, q, NoticeCancelled, "Cancelled: "+reason, NoticeDetails{}), nil
}

// activeStates are the states Tick follows.
var activeStates = []State{StateRequested, StatePROpen, StateApproved, StateMerged, StateSyncing, StateWatching}

// isActive reports whether Tick follows a promotion in s.
func isActive(s State) bool { return slices.Contains(activeStates, s) }
