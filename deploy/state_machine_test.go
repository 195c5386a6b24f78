package deploy

import (
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// Outcome markers in the transition table below.
const (
	trNo  = "-"   // refused: CodeConflict
	trDup = "dup" // refused as a duplicate: CodeConflict and IsDuplicateTransition
)

// transitionCols is the column order of transitionWant, written out here
// rather than taken from Events.
var transitionCols = [11]Event{
	"pr_opened", "approved", "merged", "sync_started", "deployed",
	"window_ended", "block", "cancel", "supersede", "fail", "roll_back",
}

// transitionWant is the whole lifecycle, every state by every event, written
// out independently of the table in state_machine.go.
var transitionWant = []struct {
	from State
	row  [11]string
}{
	{"requested", [11]string{"pr_open", trNo, trNo, trNo, trNo, trNo, "blocked", "cancelled", "superseded", trNo, trNo}},
	{"pr_open", [11]string{trDup, "approved", "merged", trNo, trNo, trNo, trNo, "cancelled", "superseded", trNo, trNo}},
	{"approved", [11]string{trDup, trDup, "merged", trNo, trNo, trNo, trNo, "cancelled", "superseded", trNo, trNo}},
	{"merged", [11]string{trDup, trNo, trDup, "syncing", "watching", trNo, trNo, trNo, trNo, "failed", trNo}},
	{"syncing", [11]string{trDup, trNo, trDup, trDup, "watching", trNo, trNo, trNo, trNo, "failed", trNo}},
	{"watching", [11]string{trDup, trNo, trDup, trNo, trDup, "succeeded", trNo, trNo, "superseded", "failed", "rolled_back"}},
	{"succeeded", [11]string{trDup, trNo, trDup, trNo, trDup, trDup, trNo, trNo, trNo, trNo, "rolled_back"}},
	{"blocked", [11]string{trNo, trNo, trNo, trNo, trNo, trNo, trDup, trNo, trNo, trNo, trNo}},
	{"cancelled", [11]string{trNo, trNo, trNo, trNo, trNo, trNo, trNo, trDup, trNo, trNo, trNo}},
	{"superseded", [11]string{trNo, trNo, trNo, trNo, trNo, trNo, trNo, trNo, trDup, trNo, trNo}},
	{"failed", [11]string{trDup, trNo, trDup, trNo, trNo, trNo, trNo, trNo, trNo, trDup, "rolled_back"}},
	{"rolled_back", [11]string{trDup, trNo, trDup, trNo, trNo, trNo, trNo, trNo, trNo, trNo, trDup}},
}

func TestTransitionTableCoversEverything(t *testing.T) {
	var states []State
	for _, r := range transitionWant {
		states = append(states, r.from)
	}
	if diff := cmp.Diff(States, states); diff != "" {
		t.Errorf("States differ from the test table's rows (-States +test):\n%s", diff)
	}
	if diff := cmp.Diff(Events, transitionCols[:]); diff != "" {
		t.Errorf("Events differ from the test table's columns (-Events +test):\n%s", diff)
	}
}

func TestTransition(t *testing.T) {
	for _, r := range transitionWant {
		for i, ev := range transitionCols {
			want := r.row[i]
			t.Run(string(r.from)+"/"+string(ev), func(t *testing.T) {
				got, err := Transition(r.from, ev)
				switch want {
				case trNo, trDup:
					if got != "" || fault.ErrorCode(err) != fault.CodeConflict {
						t.Fatalf("Transition(%s, %s) = %q, %v; want refusal with CodeConflict", r.from, ev, got, err)
					}
					if IsDuplicateTransition(err) != (want == trDup) {
						t.Errorf("IsDuplicateTransition(%v) = %v, want %v", err, !(want == trDup), want == trDup)
					}
					if msg := fault.UserMessage(err); !strings.HasPrefix(msg, "promotion ") {
						t.Errorf("message %q does not read as a sentence about the promotion", msg)
					}
				default:
					if err != nil {
						t.Fatalf("Transition(%s, %s): %v", r.from, ev, err)
					}
					if diff := cmp.Diff(State(want), got); diff != "" {
						t.Errorf("Transition(%s, %s) (-want +got):\n%s", r.from, ev, diff)
					}
				}
			})
		}
	}
}

func TestTransitionMessages(t *testing.T) {
	tests := []struct {
		name string
		from State
		ev   Event
		want string
	}{
		{"CancelAfterMerge", StateMerged, EventCancel, "promotion is merged and waiting to sync; it can no longer be cancelled (to undo it, roll it back)"},
		{"CancelWhileWatching", StateWatching, EventCancel, "promotion is deployed and being watched; it can no longer be cancelled (to undo it, roll it back)"},
		{"CancelRolledBack", StateRolledBack, EventCancel, "promotion was rolled back; it can no longer be cancelled"},
		{"ApproveBeforePR", StateRequested, EventApproved, "promotion is waiting for its pull request; it can't be approved yet"},
		{"MergeBeforePR", StateRequested, EventMerged, "promotion is waiting for its pull request; it can't be merged yet"},
		{"RollBackBeforeDeployed", StateSyncing, EventRollBack, "promotion is merged and syncing; it can't be rolled back yet"},
		{"SupersedeWhileSyncing", StateSyncing, EventSupersede, "promotion is merged and syncing; it can't be superseded now"},
		{"ApproveCancelled", StateCancelled, EventApproved, "promotion was cancelled; it can no longer be approved"},
		{"FailSucceeded", StateSucceeded, EventFail, "promotion succeeded; it can no longer fail"},
		{"DuplicateMerge", StateMerged, EventMerged, "promotion is already merged"},
		{"DuplicateMergeLater", StateWatching, EventMerged, "promotion is already merged; it is deployed and being watched"},
		{"DuplicatePROpened", StateApproved, EventPROpened, "promotion already has its pull request; it is approved and waiting to be merged"},
		{"DuplicateCancel", StateCancelled, EventCancel, "promotion is already cancelled"},
		{"DuplicateWindow", StateSucceeded, EventWindowEnded, "promotion already finished its watch window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Transition(tt.from, tt.ev)
			if diff := cmp.Diff(tt.want, fault.UserMessage(err)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTransitionUnknown(t *testing.T) {
	tests := []struct {
		name string
		from State
		ev   Event
		want string
	}{
		{"ErrUnknownState", "deploying", EventMerged, `unknown promotion state "deploying"`},
		{"ErrEmptyState", "", EventMerged, `unknown promotion state ""`},
		{"ErrUnknownEvent", StateMerged, "exploded", `unknown promotion event "exploded"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Transition(tt.from, tt.ev)
			if got != "" || fault.ErrorCode(err) != fault.CodeInternal {
				t.Fatalf("Transition = %q, %v; want CodeInternal", got, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if IsDuplicateTransition(err) {
				t.Error("unknown input reported as a duplicate")
			}
		})
	}
}

func TestTransitionStateFinal(t *testing.T) {
	want := map[State]bool{
		"requested": false, "pr_open": false, "approved": false, "merged": false,
		"syncing": false, "watching": false, "succeeded": true, "blocked": true,
		"cancelled": true, "superseded": true, "failed": true, "rolled_back": true,
		"bogus": false,
	}
	got := map[State]bool{}
	for s := range want {
		got[s] = s.Final()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Final (-want +got):\n%s", diff)
	}
}

func TestTransitionValid(t *testing.T) {
	for _, s := range States {
		if !s.Valid() {
			t.Errorf("%q.Valid() = false", s)
		}
	}
	for _, e := range Events {
		if !e.Valid() {
			t.Errorf("%q.Valid() = false", e)
		}
	}
	for _, s := range []State{"", "Merged", "deploying"} {
		if s.Valid() {
			t.Errorf("%q.Valid() = true", s)
		}
	}
	for _, e := range []Event{"", "Merged", "exploded"} {
		if e.Valid() {
			t.Errorf("%q.Valid() = true", e)
		}
	}
	if IsDuplicateTransition(nil) {
		t.Error("IsDuplicateTransition(nil) = true")
	}
}

func TestTransitionWordingComplete(t *testing.T) {
	for _, s := range States {
		if statePredicates[s] == "" {
			t.Errorf("state %q has no predicate", s)
		}
		if _, ok := happenedBefore[s]; !ok {
			t.Errorf("state %q has no happenedBefore entry", s)
		}
	}
	for _, e := range Events {
		if eventVerbs[e] == "" || eventDone[e] == "" {
			t.Errorf("event %q lacks wording", e)
		}
	}
}
