package deploy

import (
	"slices"

	"github.com/deploybot/deploybot/deploy/fault"
)

// statePredicates says where a promotion is, after the word "promotion".
var statePredicates = map[State]string{
	StateRequested:  "is waiting for its pull request",
	StatePROpen:     "is waiting for approval",
	StateApproved:   "is approved and waiting to be merged",
	StateMerged:     "is merged and waiting to sync",
	StateSyncing:    "is merged and syncing",
	StateWatching:   "is deployed and being watched",
	StateSucceeded:  "succeeded",
	StateBlocked:    "was blocked",
	StateCancelled:  "was cancelled",
	StateSuperseded: "was superseded by a newer promotion",
	StateFailed:     "failed",
	StateRolledBack: "was rolled back",
}

// eventVerbs says what an event would do, after "it can't".
var eventVerbs = map[Event]string{
	EventPROpened:    "get a pull request",
	EventApproved:    "be approved",
	EventMerged:      "be merged",
	EventSyncStarted: "start syncing",
	EventDeployed:    "be deployed",
	EventWindowEnded: "finish its watch window",
	EventBlock:       "be blocked",
	EventCancel:      "be cancelled",
	EventSupersede:   "be superseded",
	EventFail:        "fail",
	EventRollBack:    "be rolled back",
}

// eventDone says that an event already happened, after "promotion".
var eventDone = map[Event]string{
	EventPROpened:    "already has its pull request",
	EventApproved:    "is already approved",
	EventMerged:      "is already merged",
	EventSyncStarted: "is already syncing",
	EventDeployed:    "is already deployed",
	EventWindowEnded: "already finished its watch window",
	EventBlock:       "is already blocked",
	EventCancel:      "is already cancelled",
	EventSupersede:   "is already superseded",
	EventFail:        "already failed",
	EventRollBack:    "is already rolled back",
}

// stateRank orders the non-final states along the happy path, so a refusal
// can say "not yet" or "no longer".
var stateRank = map[State]int{
	StateRequested: 0, StatePROpen: 1, StateApproved: 2, StateMerged: 3,
	StateSyncing: 4, StateWatching: 5, StateSucceeded: 6, StateFailed: 6,
}

// transitionRefusal explains why ev is not accepted in from, which must both be valid.
func transitionRefusal(from State, ev Event) *fault.Error {
	if slices.Contains(happenedBefore[from], ev) {
		msg := "promotion " + eventDone[ev]
		if enteringEvent(from) != ev {
			msg += "; it " + statePredicates[from]
		}
		return &fault.Error{Code: fault.CodeConflict, Message: msg, Err: errDuplicateTransition}
	}
	msg := "promotion " + statePredicates[from] + "; it " + refusalTense(from, ev)
	if ev == EventCancel && slices.Contains(happenedBefore[from], EventMerged) &&
		from != StateRolledBack {
		msg += " (to undo it, roll it back)"
	}
	return &fault.Error{Code: fault.CodeConflict, Message: msg}
}

// enteringEvent returns the event that leads into s, or "" for requested.
func enteringEvent(s State) Event {
	if h := happenedBefore[s]; len(h) > 0 {
		return h[len(h)-1]
	}
	return ""
}

// refusalTense renders "can't <verb> yet" when ev is only accepted later on the
// happy path, "can no longer <verb>" when only earlier or from is final,
// and "can't <verb> now" otherwise.
func refusalTense(from State, ev Event) string {
	verb := eventVerbs[ev]
	if from.Final() {
		return "can no longer " + verb
	}
	earlier, later := false, false
	for s, evs := range stateTransitions {
		if _, ok := evs[ev]; !ok {
			continue
		}
		if stateRank[s] < stateRank[from] {
			earlier = true
		} else {
			later = true
		}
	}
	switch {
	case later && !earlier:
		return "can't " + verb + " yet"
	case earlier && !later:
		return "can no longer " + verb
	}
	return "can't " + verb + " now"
}

// Describe says where a promotion in state s is, as it reads after
// "promotion": "is waiting for approval", "succeeded".
func (s State) Describe() string {
	if d, ok := statePredicates[s]; ok {
		return d
	}
	return "is " + string(s)
}
