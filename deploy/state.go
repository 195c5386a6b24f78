package deploy

// State is where a promotion is in its life. See DESIGN.md "Promotion states".
type State string

// Promotion states, in the order a successful promotion passes them, then
// the exits.
const (
	StateRequested  State = "requested"
	StatePROpen     State = "pr_open"
	StateApproved   State = "approved"
	StateMerged     State = "merged"
	StateSyncing    State = "syncing"
	StateWatching   State = "watching"
	StateSucceeded  State = "succeeded"
	StateBlocked    State = "blocked"
	StateCancelled  State = "cancelled"
	StateSuperseded State = "superseded"
	StateFailed     State = "failed"
	StateRolledBack State = "rolled_back"
)

// States lists every state, in the order above.
var States = []State{
	StateRequested, StatePROpen, StateApproved, StateMerged, StateSyncing,
	StateWatching, StateSucceeded, StateBlocked, StateCancelled,
	StateSuperseded, StateFailed, StateRolledBack,
}

// Event is something that happens to a promotion and may move it to
// another state.
type Event string

// Events.
const (
	EventPROpened    Event = "pr_opened"    // the promotion PR exists
	EventApproved    Event = "approved"     // approvals are satisfied
	EventMerged      Event = "merged"       // the PR merged (by the bot or a person)
	EventSyncStarted Event = "sync_started" // an Argo CD sync of the merge is running
	EventDeployed    Event = "deployed"     // synced at the merge, reconciled after sync, Healthy
	EventWindowEnded Event = "window_ended" // the watch window ended while healthy
	EventBlock       Event = "block"        // a gate refused the request
	EventCancel      Event = "cancel"       // a person cancelled, or the PR closed unmerged
	EventSupersede   Event = "supersede"    // a newer promotion replaced it
	EventFail        Event = "fail"         // the rollout failed or degraded
	EventRollBack    Event = "roll_back"    // a rollback of it merged
)

// Events lists every event.
var Events = []Event{
	EventPROpened, EventApproved, EventMerged, EventSyncStarted, EventDeployed,
	EventWindowEnded, EventBlock, EventCancel, EventSupersede, EventFail,
	EventRollBack,
}
