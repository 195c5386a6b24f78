package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/google/go-cmp/cmp"
)

func TestAssessRisk(t *testing.T) {
	few, many, lots := &Changelog{Total: 3}, &Changelog{Total: 12}, &Changelog{Total: 80}
	tests := []struct {
		name string
		in   RiskInput
		want Risk
	}{
		{"Patch", RiskInput{Pattern: config.PatternSemver, From: "v9.1.0", To: "v9.1.1", Changelog: few},
			Risk{Level: RiskLow, Reasons: []string{"patch release", "3 commits"}}},
		{"Minor", RiskInput{Pattern: config.PatternSemver, From: "v9.1.0", To: "v9.2.0", Changelog: few},
			Risk{Level: RiskMedium, Reasons: []string{"minor release", "3 commits"}}},
		{"Major", RiskInput{Pattern: config.PatternSemver, From: "9.1.0", To: "10.0.0", Changelog: few},
			Risk{Level: RiskHigh, Reasons: []string{"major release", "3 commits"}}},
		{"ManyCommits", RiskInput{Pattern: config.PatternSemver, From: "v9.1.0", To: "v9.1.1", Changelog: many},
			Risk{Level: RiskMedium, Reasons: []string{"patch release", "12 commits"}}},
		{"LotsOfCommitsSHA", RiskInput{Pattern: config.PatternSHA, From: "a", To: "b", Changelog: lots},
			Risk{Level: RiskHigh, Reasons: []string{"80 commits"}}},
		{"UnknownCommits", RiskInput{Pattern: config.PatternAny, From: "1", To: "2"},
			Risk{Level: RiskLow, Reasons: []string{"commits unknown"}}},
		{"Rollback", RiskInput{Pattern: config.PatternSemver, From: "v9.1.1", To: "v9.1.0", Rollback: true},
			Risk{Level: RiskMedium, Reasons: []string{"rollback to the version that ran before", "downgrade from v9.1.1", "commits unknown"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, AssessRisk(tt.in)); diff != "" {
				t.Errorf("AssessRisk (-want +got):\n%s", diff)
			}
		})
	}
	if got := (Risk{Level: RiskLow, Reasons: []string{"patch release", "3 commits"}}).String(); got != "Low — patch release, 3 commits" {
		t.Errorf("String() = %q", got)
	}
}

func TestHoldsLock(t *testing.T) {
	holds := map[State]bool{StateRequested: true, StatePROpen: true, StateApproved: true, StateMerged: true, StateSyncing: true}
	for _, s := range States {
		if got := (Promotion{State: s}).HoldsLock(); got != holds[s] {
			t.Errorf("HoldsLock(%s) = %v, want %v", s, got, holds[s])
		}
	}
}

func TestNoticeLines(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)
	p := Promotion{ID: "p1", Service: "api", Env: "production", Version: "v9.1.1", PreviousVersion: "v9.1.0",
		Requester: "UMARIA", MergeSHA: "a9f8e7d6c5b4a3928170", MergedAt: now, WatchUntil: now.Add(30 * time.Minute),
		Approvals: []Approval{{By: "USAM"}},
		PR:        PullRequest{Number: 1042, Title: "promote(production): api v9.1.0 → v9.1.1"}}
	tests := []struct{ name, got, want string }{
		{"Planned", plannedLine(p), "PR opened: #1042 promote(production): api v9.1.0 → v9.1.1"},
		{"Approved", approvedLine(p, "USAM", 1), "Approved by <@USAM> in Slack — 1 of 1"},
		{"Merged", mergedLine(p, "USAM"), "Merged a9f8e7d by <@USAM>"},
		{"Deployed", deployedLine(Verdict{Reason: "api-production is Healthy at a9f8e7d"}, p.WatchUntil, now),
			"Healthy — api-production is Healthy at a9f8e7d · watching until 14:32 UTC"},
		{"Ended", endedLine(p, Verdict{}), "Watch window ended: healthy for the 30m after merge"},
		{"EndedLate", endedLine(p, Verdict{Late: true, Reason: "x"}), "Watch window ended: healthy for the 30m after merge; finished late: x"},
		{"Degraded", failedLine(WatchDegraded, Verdict{Reason: "api is Degraded"}), "Degraded after it was deployed: api is Degraded"},
		{"Failed", failedLine(WatchFailed, Verdict{Reason: "sync failed"}), "Failed: sync failed"},
		{"RollbackPlan", rollbackPlan(p), "revert to v9.1.0 (one revert commit of this pull request)"},
		{"StateLineCancelled", stateLine(Promotion{State: StateCancelled, StateReason: "closed"}), "Cancelled: closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("line (-want +got):\n%s", diff)
			}
		})
	}
}
