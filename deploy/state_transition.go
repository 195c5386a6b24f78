package deploy

import "time"

// transition moves p along ev at now with reason: it sets p's state,
// reason and update time, and its finish time on reaching an outcome. On
// Transition's refusal it leaves p as it was and returns the refusal. It
// returns the state p was in. This is the one place a promotion's state
// changes after newPromotion (and startRollback) create it in
// StateRequested; TestStateWritesGoThroughTransition holds the rest of
// the package to that.
func (p *Promotion) transition(ev Event, reason string, now time.Time) (State, error) {
	from := p.State
	to, err := Transition(from, ev)
	if err != nil {
		return from, err
	}
	p.State, p.StateReason, p.UpdatedAt = to, reason, now
	if to.Final() && p.FinishedAt.IsZero() {
		p.FinishedAt = now
	}
	return from, nil
}
