package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/google/go-cmp/cmp"
)

func TestLedgerAt(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2026, 3, 4, 14, m, 0, 0, time.UTC) }
	const head, old = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	slack := func(by string, m int, sha string) Approval {
		return Approval{By: by, At: at(m), Source: ApprovalSlack, Verdict: ReviewApproved, HeadSHA: sha}
	}
	review := func(by, login string, m int, v ReviewVerdict, sha string) Approval {
		return Approval{By: by, Login: login, At: at(m), Source: ApprovalGitHub, Verdict: v, HeadSHA: sha, ReviewID: int64(m)}
	}
	tests := []struct {
		name     string
		entries  []Approval
		required int
		met      bool
		text     string
	}{
		{"OKNoneNeeded", nil, 0, true, "Needs no approval"},
		{"ErrNoneGiven", nil, 1, false, "No approvals yet — 0 of 1"},
		{"OKSlackAndGitHub", []Approval{slack("USAM", 1, head), review("ULEE", "lee", 2, ReviewApproved, head)}, 2, true,
			"Approved by <@USAM> in Slack, <@ULEE> on GitHub — 2 of 2"},
		{"ErrSamePersonOnce", []Approval{slack("USAM", 1, head), review("USAM", "sam", 2, ReviewApproved, head)}, 2, false,
			"Approved by <@USAM> on GitHub — 1 of 2"},
		{"OKPreLedgerEntryAppliesToRecordedHead", []Approval{{By: "USAM", At: at(1)}}, 1, true,
			"Approved by <@USAM> in Slack — 1 of 1"},
		{"ErrStaleHead", []Approval{slack("USAM", 1, old)}, 1, false,
			"No approvals yet — 0 of 1 · not counted: <@USAM> in Slack (approved aaaaaaa, an older head; the head is now bbbbbbb)"},
		{"ErrChangesRequestedBlocks", []Approval{slack("USAM", 1, head), review("ULEE", "lee", 2, ReviewChangesRequested, old)}, 1, false,
			"Approved by <@USAM> in Slack — 1 of 1 · changes requested by <@ULEE> on GitHub (blocks until dismissed or approved again)"},
		{"OKChangesRequestedDismissed", []Approval{slack("USAM", 1, head), review("ULEE", "lee", 2, ReviewDismissed, head)}, 1, true,
			"Approved by <@USAM> in Slack — 1 of 1"},
		{"OKChangesRequestedThenApproved", []Approval{review("ULEE", "lee", 1, ReviewChangesRequested, head), slack("ULEE", 2, head)}, 1, true,
			"Approved by <@ULEE> in Slack — 1 of 1"},
		{"ErrApprovalDismissed", []Approval{review("ULEE", "lee", 1, ReviewDismissed, head)}, 1, false,
			"No approvals yet — 0 of 1"},
		{"ErrLaterChangeRequestWins", []Approval{slack("ULEE", 1, head), review("ULEE", "lee", 2, ReviewChangesRequested, head)}, 1, false,
			"No approvals yet — 0 of 1 · changes requested by <@ULEE> on GitHub (blocks until dismissed or approved again)"},
		{"ErrUnmappedLogin", []Approval{{Login: "stranger", At: at(1), Source: ApprovalGitHub, Verdict: ReviewApproved, HeadSHA: head,
			NotCounted: "not in people:, so deploybot can't tell who it is"}}, 1, false,
			"No approvals yet — 0 of 1 · not counted: @stranger on GitHub (not in people:, so deploybot can't tell who it is)"},
		{"ErrUnmappedChangeRequestDoesNotBlock", []Approval{slack("USAM", 1, head), {Login: "stranger", At: at(2), Source: ApprovalGitHub,
			Verdict: ReviewChangesRequested, HeadSHA: head, NotCounted: "not in people:, so deploybot can't tell who it is"}}, 1, true,
			"Approved by <@USAM> in Slack — 1 of 1 · not counted: @stranger on GitHub (not in people:, so deploybot can't tell who it is)"},
		{"ErrRequester", []Approval{slack("UMARIA", 1, head)}, 1, false,
			"No approvals yet — 0 of 1 · not counted: <@UMARIA> in Slack (the requester can't approve their own promotion)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Promotion{Requester: "UMARIA", Approvals: tt.entries, PR: PullRequest{HeadSHA: head}}
			l := LedgerAt(p, head, tt.required)
			got := struct {
				Met  bool
				Text string
			}{l.Met(), l.Text(SlackWho)}
			want := struct {
				Met  bool
				Text string
			}{tt.met, tt.text}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLedgerTextForGitHub(t *testing.T) {
	p := Promotion{Requester: "UMARIA", PR: PullRequest{HeadSHA: "h"}, Approvals: []Approval{
		{By: "USAM", Login: "sam-gh", Source: ApprovalSlack, HeadSHA: "h"},
		{By: "ULEE", Source: ApprovalSlack, HeadSHA: "h"},
	}}
	l := LedgerAt(p, "h", 3)
	if got, want := l.Text(GitHubWho), "Approved by @sam-gh in Slack, Slack user ULEE in Slack — 2 of 3"; got != want {
		t.Errorf("Text(GitHubWho) = %q, want %q", got, want)
	}
	if got, want := l.Missing(GitHubWho), "1 more approval"; got != want {
		t.Errorf("Missing = %q, want %q", got, want)
	}
}

func TestSlackIDOf(t *testing.T) {
	cfg := &config.Config{People: map[string]string{"USAM": "sam-gh", "ULEE": "Lee", "UTWIN1": "twin", "UTWIN2": "twin"}}
	tests := []struct {
		login string
		id    string
		ok    bool
	}{
		{"sam-gh", "USAM", true},
		{"lee", "ULEE", true}, // GitHub logins are case-insensitive
		{"twin", "", false},   // two people claim it: neither counts
		{"nobody", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		id, ok := cfg.SlackIDOf(tt.login)
		if id != tt.id || ok != tt.ok {
			t.Errorf("SlackIDOf(%q) = %q, %v; want %q, %v", tt.login, id, ok, tt.id, tt.ok)
		}
	}
}
