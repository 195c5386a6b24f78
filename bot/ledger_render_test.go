package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

// TestAnnouncementsPassBlockKitLimits posts every golden announcement,
// and one whose ledger and alert are far too long for a field, through
// the Slack stand-in, which refuses blocks Slack would refuse.
func TestAnnouncementsPassBlockKitLimits(t *testing.T) {
	h := start(t, nil)
	views := goldenViews(t)
	huge, _ := ledgerViews(t, testCfg(t), deploy.NoticeDetails{})
	for i := range 300 {
		huge.P.Approvals = append(huge.P.Approvals, deploy.Approval{Login: fmt.Sprintf("reviewer-%03d", i),
			Source: deploy.ApprovalGitHub, HeadSHA: ledgerHead, NotCounted: "not in people:, so deploybot can't tell who it is"})
	}
	huge.P.Unapproved = strings.Repeat("merged by @eve on GitHub without the required approvals, ", 100)
	views["huge_ledger"] = huge
	for name, v := range views {
		t.Run(name, func(t *testing.T) {
			a := render(v)
			_, _, err := h.bot.api.PostMessageContext(testCtx(t), testChannel,
				slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
			if err != nil {
				t.Fatalf("Slack refused the announcement: %v", err)
			}
		})
	}
	t.Run("OKClipped", func(t *testing.T) {
		got := ledgerText(huge)
		if n := utf8.RuneCountInString(got); n > maxFieldText-len("*Approvals*\n") || !strings.HasSuffix(got, "…") {
			t.Errorf("ledger field is %d characters ending %q; want it clipped to fit %d with …", n, got[len(got)-20:], maxFieldText)
		}
		if strings.Count(got, "@reviewer-") != strings.Count(got, "(not in people:") {
			t.Errorf("ledger field cut inside an entry: …%s", got[len(got)-80:])
		}
	})
}

// TestApprovalsNeeded: the context line and the Approve button follow
// the ledger: only approvals on the head by people who count, and a
// change request blocks even when enough approved.
func TestApprovalsNeeded(t *testing.T) {
	cfg := testCfg(t)
	gh := deploy.ApprovalGitHub
	sam := deploy.Approval{By: "U0SAM001", HeadSHA: ledgerHead}
	lee := deploy.Approval{By: "U0LEE001", Login: "lee", Source: gh, HeadSHA: ledgerHead}
	for _, tt := range []struct {
		name      string
		approvals []deploy.Approval
		want      string
	}{
		{"OKNone", nil, "needs 1 approval from <!subteam^S0LEADS> or <@U0SAM001> (not <@U0MARIA>)"},
		{"OKMet", []deploy.Approval{sam}, ""},
		{"OKMetOnGitHub", []deploy.Approval{lee}, ""},
		{"ErrUnmappedLogin", []deploy.Approval{{Login: "ghost", Source: gh, HeadSHA: ledgerHead, NotCounted: "not in people:"}},
			"needs 1 approval from <!subteam^S0LEADS> or <@U0SAM001> (not <@U0MARIA>)"},
		{"ErrRequester", []deploy.Approval{{By: "U0MARIA", HeadSHA: ledgerHead}},
			"needs 1 approval from <!subteam^S0LEADS> or <@U0SAM001> (not <@U0MARIA>)"},
		{"ErrOlderHead", []deploy.Approval{{By: "U0SAM001", HeadSHA: "0123456789"}},
			"needs 1 approval from <!subteam^S0LEADS> or <@U0SAM001> (not <@U0MARIA>)"},
		{"ErrDismissed", []deploy.Approval{lee, {By: "U0LEE001", Login: "lee", Source: gh, Verdict: deploy.ReviewDismissed,
			HeadSHA: ledgerHead, At: t0.Add(1)}}, "needs 1 approval from <!subteam^S0LEADS> or <@U0SAM001> (not <@U0MARIA>)"},
		{"ErrChangesRequested", []deploy.Approval{sam, {By: "U0LEE001", Login: "lee", Source: gh,
			Verdict: deploy.ReviewChangesRequested, HeadSHA: ledgerHead}}, "needs changes requested by <@U0LEE001> on GitHub"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := plannedPromotion()
			p.PR.HeadSHA, p.Approvals = ledgerHead, tt.approvals
			v := newView(cfg, deploy.Notice{Promotion: p, Kind: deploy.NoticePlanned}, deploy.NoticeDetails{})
			if diff := cmp.Diff(tt.want, approvalsNeeded(v)); diff != "" {
				t.Errorf("approvalsNeeded (-want +got):\n%s", diff)
			}
			b, err := json.Marshal(render(v).Blocks)
			if err != nil {
				t.Fatal(err)
			}
			approve := strings.Contains(string(b), `"action_id":"`+actionApprove+`"`)
			if approve != (tt.want != "") {
				t.Errorf("Approve button shown = %v, want %v", approve, tt.want != "")
			}
		})
	}
}

// TestMergeDetailsKeepsLedgerAndAlert: a later notice without a ledger
// or an alert keeps the ones earlier notices said; a new one replaces
// them.
func TestMergeDetailsKeepsLedgerAndAlert(t *testing.T) {
	old := deploy.NoticeDetails{Ledger: "Approved by <@U0SAM001> in Slack — 1 of 1", Alert: "Not a normal deployment: x"}
	for _, tt := range []struct {
		name string
		n    deploy.NoticeDetails
		want deploy.NoticeDetails
	}{
		{"OKKept", deploy.NoticeDetails{MonitoringURL: "https://m"},
			deploy.NoticeDetails{Ledger: old.Ledger, Alert: old.Alert, MonitoringURL: "https://m"}},
		{"OKReplaced", deploy.NoticeDetails{Ledger: "No approvals yet — 0 of 1", Alert: "Not a normal deployment: y"},
			deploy.NoticeDetails{Ledger: "No approvals yet — 0 of 1", Alert: "Not a normal deployment: y"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mergeDetails(old, tt.n)); diff != "" {
				t.Errorf("mergeDetails (-want +got):\n%s", diff)
			}
		})
	}
}

// unapprovedNotice is the engine's alert that p1 was merged on GitHub
// without its approval, under the announcement at ref.
func unapprovedNotice(ref deploy.MessageRef) deploy.Notice {
	p := plannedPromotion()
	p.Slack, p.Notified = ref, deploy.StatePROpen
	p.State, p.MergeSHA, p.MergedAt = deploy.StateMerged, "a9f8e7d6c5b4", t0.Add(4*60e9)
	p.Unapproved = "merged by <@U0EVE001> (@eve) on GitHub without the required approvals: 1 approval"
	return deploy.Notice{Promotion: p, Kind: deploy.NoticeUnapprovedMerge,
		Line:    "🚨 Not a normal deployment: api v9.1.1 was " + p.Unapproved,
		Details: deploy.NoticeDetails{Alert: "Not a normal deployment: " + p.Unapproved}}
}

// TestUnapprovedMergeIsBroadcast: the alert of an unapproved merge is a
// thread reply also sent to the channel, and the announcement leads with
// it in every later state; a change of the approvals is a plain thread
// line.
func TestUnapprovedMergeIsBroadcast(t *testing.T) {
	h := start(t, nil)
	ctx := testCtx(t)
	ref, err := h.bot.Notify(ctx, plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	changed := plannedNotice()
	changed.Promotion.Slack, changed.Promotion.Notified = ref, deploy.StatePROpen
	changed.Kind, changed.Line = deploy.NoticeApprovalsChanged, "Approvals changed on GitHub · No approvals yet — 0 of 1"
	if _, err := h.bot.Notify(ctx, changed); err != nil {
		t.Fatal(err)
	}
	n := unapprovedNotice(ref)
	if _, err := h.bot.Notify(ctx, n); err != nil {
		t.Fatal(err)
	}
	later := n.Promotion // a later notice without details: the alert stays
	later.Notified, later.State, later.StateReason = deploy.StateMerged, deploy.StateSyncing, "Progressing"
	if _, err := h.bot.Notify(ctx, deploy.Notice{Promotion: later, Kind: deploy.NoticeProgressing, Line: "Progressing"}); err != nil {
		t.Fatal(err)
	}
	h.bot.Close()
	type line struct {
		Text      string
		Broadcast bool
	}
	var got []line
	for _, m := range h.srv.Thread(testChannel, ref.TS) {
		got = append(got, line{m.Text, m.Broadcast})
	}
	want := []line{
		{"14:02 UTC · PR opened: #1042 promote(production): api v9.1.0 → v9.1.1", false},
		{"14:02 UTC · " + changed.Line, false},
		{"14:02 UTC · " + n.Line, true},
		{"14:02 UTC · Progressing", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("thread (-want +got):\n%s", diff)
	}
	m, _ := h.srv.Message(testChannel, ref.TS)
	var bs []struct {
		Type string
		Text struct{ Text string }
	}
	if err := json.Unmarshal(m.Blocks, &bs); err != nil {
		t.Fatal(err)
	}
	want2 := "🚨 *Not a normal deployment:* " + n.Promotion.Unapproved
	if len(bs) < 2 || bs[1].Text.Text != want2 {
		t.Errorf("announcement while syncing = %s; want the alert %q under the header", m.Blocks, want2)
	}
}

// TestCrashAfterUnapprovedLine: a kill right after Slack took the
// unapproved-merge line, before the engine recorded the notice, leaves
// one such line after the restart, when the engine repeats it.
func TestCrashAfterUnapprovedLine(t *testing.T) {
	r := newRestartable(t)
	ref, err := r.h.bot.Notify(testCtx(t), plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	n := unapprovedNotice(ref)
	r.srv.HoldNext("chat.postMessage")
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan error, 1)
	go func() { _, err := r.h.bot.Notify(ctx, n); done <- err }()
	if err := r.srv.Wait(testCtx(t), func() bool { return r.srv.Held() == 1 }); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	r.restart(t)
	if _, err := r.h.bot.Notify(testCtx(t), n); err != nil {
		t.Fatal(err)
	}
	alerts := 0
	for _, m := range r.srv.Thread(testChannel, ref.TS) {
		if strings.Contains(m.Text, "Not a normal deployment") {
			alerts++
		}
	}
	if alerts != 1 {
		t.Errorf("%d unapproved-merge lines after the restart, want 1:\n%s", alerts, r.srv.ChannelTranscript(testChannel))
	}
}
