package deploy

import (
	"errors"

	"github.com/deploybot/deploybot/deploy/fault"
)

// stateTransitions is the promotion lifecycle: for each state, the events it
// accepts and the state each leads to. Anything not listed is refused.
//
//   - requested -> pr_open -> approved -> merged -> syncing -> watching -> succeeded
//     is the happy path.
//   - pr_open --merged--> merged: a person merged the PR on GitHub without
//     waiting for the bot to record approvals.
//   - merged --deployed--> watching: Argo CD auto-synced and was seen Healthy
//     at the merge before we ever saw the sync operation.
//   - approved is not accepted in requested: approvals may be recorded early
//     (CheckApprover allows it), but the event that says they are satisfied
//     is fired once the PR is open, so the path stays linear.
//   - succeeded and failed are final (the outcome is known) yet still accept
//     roll_back: a rollback of them may merge later.
var stateTransitions = map[State]map[Event]State{
	StateRequested: {
		EventPROpened:  StatePROpen,
		EventBlock:     StateBlocked,
		EventCancel:    StateCancelled,
		EventSupersede: StateSuperseded,
	},
	StatePROpen: {
		EventApproved:  StateApproved,
		EventMerged:    StateMerged,
		EventCancel:    StateCancelled,
		EventSupersede: StateSuperseded,
	},
	StateApproved: {
		EventMerged:    StateMerged,
		EventCancel:    StateCancelled,
		EventSupersede: StateSuperseded,
	},
	StateMerged: {
		EventSyncStarted: StateSyncing,
		EventDeployed:    StateWatching,
		EventFail:        StateFailed,
	},
	StateSyncing: {
		EventDeployed: StateWatching,
		EventFail:     StateFailed,
	},
	StateWatching: {
		EventWindowEnded: StateSucceeded,
		EventSupersede:   StateSuperseded,
		EventFail:        StateFailed,
		EventRollBack:    StateRolledBack,
	},
	StateSucceeded:  {EventRollBack: StateRolledBack},
	StateFailed:     {EventRollBack: StateRolledBack},
	StateBlocked:    {},
	StateCancelled:  {},
	StateSuperseded: {},
	StateRolledBack: {},
}

// happenedBefore lists, for each state, the events that took place on
// every path into it. Receiving one of them again is a duplicate (a re-delivered
// webhook, a poll after restart, a double click), not a conflict. This goes
// slightly beyond "the event that led into the current state": a PR poll
// that sees "merged" while the promotion is already watching is just as
// harmless as one that sees it while merged.
var happenedBefore = map[State][]Event{
	StateRequested:  nil,
	StatePROpen:     {EventPROpened},
	StateApproved:   {EventPROpened, EventApproved},
	StateMerged:     {EventPROpened, EventMerged},
	StateSyncing:    {EventPROpened, EventMerged, EventSyncStarted},
	StateWatching:   {EventPROpened, EventMerged, EventDeployed},
	StateSucceeded:  {EventPROpened, EventMerged, EventDeployed, EventWindowEnded},
	StateBlocked:    {EventBlock},
	StateCancelled:  {EventCancel},
	StateSuperseded: {EventSupersede},
	StateFailed:     {EventPROpened, EventMerged, EventFail},
	StateRolledBack: {EventPROpened, EventMerged, EventRollBack},
}

// errDuplicateTransition is wrapped inside the *Error Transition returns
// when the event already happened; see IsDuplicateTransition.
var errDuplicateTransition = errors.New("duplicate transition")

// Transition returns the state a promotion in from moves to on ev. It
// returns a *Error with CodeConflict when the lifecycle does not allow ev in
// from (IsDuplicateTransition reports whether that is because ev already
// happened), and CodeInternal when from or ev is unknown.
func Transition(from State, ev Event) (State, error) {
	if !from.Valid() {
		return "", fault.Errorf(fault.CodeInternal, "unknown promotion state %q", string(from))
	}
	if !ev.Valid() {
		return "", fault.Errorf(fault.CodeInternal, "unknown promotion event %q", string(ev))
	}
	if to, ok := stateTransitions[from][ev]; ok {
		return to, nil
	}
	return "", transitionRefusal(from, ev)
}

// IsDuplicateTransition reports whether err is Transition's refusal of an
// event that already happened to the promotion, which callers may treat as
// a harmless repeat.
func IsDuplicateTransition(err error) bool {
	return errors.Is(err, errDuplicateTransition)
}

// Final reports whether s is an outcome: succeeded, blocked, cancelled,
// superseded, failed or rolled_back. Succeeded and failed promotions may
// still be rolled back.
func (s State) Final() bool {
	switch s {
	case StateSucceeded, StateBlocked, StateCancelled, StateSuperseded,
		StateFailed, StateRolledBack:
		return true
	}
	return false
}

// Valid reports whether s is one of States.
func (s State) Valid() bool {
	_, ok := stateTransitions[s]
	return ok
}

// Valid reports whether e is one of Events.
func (e Event) Valid() bool {
	_, ok := eventVerbs[e]
	return ok
}
