package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
)

var allStates = []deploy.State{deploy.StateRequested, deploy.StatePROpen, deploy.StateApproved,
	deploy.StateMerged, deploy.StateSyncing, deploy.StateWatching, deploy.StateSucceeded, deploy.StateFailed,
	deploy.StateRolledBack, deploy.StateCancelled, deploy.StateBlocked, deploy.StateSuperseded}

// extremeViews is every announcement state of a promotion of one service,
// of every service and of a rollback, with the longest names, versions,
// reasons and lists, and a rolled-back one with and without its rollback.
func extremeViews(t *testing.T) map[string]view {
	cfg := extremeConfig(t)
	d := extremeDetails()
	views := map[string]view{}
	for _, st := range allStates {
		rb := extremeOne(st)
		rb.ID, rb.Kind, rb.RollbackOf, rb.RolledBackBy = "p-rb", deploy.KindRollback, "p-one", ""
		for name, p := range map[string]deploy.Promotion{"one": extremeOne(st), "all": extremeAll(st), "rollback": rb} {
			v := newView(cfg, deploy.Notice{Promotion: p, Kind: deploy.NoticeProgressing}, d)
			views[name+"/"+string(st)] = v
			if st == deploy.StateRolledBack && p.Kind == deploy.KindPromote {
				rbAll := extremeAll(deploy.StateWatching)
				rbAll.ID, rbAll.Kind = "p-rb", deploy.KindRollback
				v.Rollback = &rb
				if p.Service == deploy.AllServices {
					v.Rollback = &rbAll
				}
				views[name+"/"+string(st)+"_with_rollback"] = v
			}
		}
	}
	return views
}

// TestExtremeAnnouncementsAccepted posts every announcement at its
// extremes to the Slack stand-in, whose validator refuses what Slack
// refuses.
func TestExtremeAnnouncementsAccepted(t *testing.T) {
	h := start(t, nil)
	for name, v := range extremeViews(t) {
		t.Run(name, func(t *testing.T) {
			a := render(v)
			_, _, err := h.bot.api.PostMessageContext(testCtx(t), testChannel,
				slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
			if err != nil {
				t.Fatalf("Slack refused the announcement: %v", err)
			}
			if n := utf8.RuneCountInString(a.Text); n > 2*maxFallbackText+10 {
				t.Errorf("fallback text is %d characters, want at most %d", n, 2*maxFallbackText+10)
			}
			if !strings.HasPrefix(a.Text, "🚨 ") {
				t.Errorf("fallback text %q… does not lead with the unapproved-merge alert", a.Text[:40])
			}
		})
	}
	t.Run("OKRollbackLabelWithoutLongVersion", func(t *testing.T) {
		a := render(extremeViews(t)["one/"+string(deploy.StateFailed)])
		for _, b := range a.Blocks {
			ab, ok := b.(*slack.ActionBlock)
			if !ok {
				continue
			}
			for _, el := range ab.Elements.ElementSet {
				if btn := el.(*slack.ButtonBlockElement); btn.ActionID == actionRollback && btn.Text.Text != "Rollback" {
					t.Errorf("Rollback button says %q; want \"Rollback\" when the version does not fit 75 characters", btn.Text.Text)
				}
			}
		}
	})
}

// candidates is n recent promotions, alternately of one long-named
// service and of every service, with distinct IDs.
func candidates(n int) []deploy.Promotion {
	var out []deploy.Promotion
	for i := range n {
		p := extremeOne(deploy.StateWatching)
		if i%2 == 1 {
			p = extremeAll(deploy.StateFailed)
		}
		p.ID = fmt.Sprintf("p%02d", i)
		out = append(out, p)
	}
	return out
}

// TestRollbackPicker is /rollback with no arguments: 0, 1, 2, as many
// candidates as it shows and more, at their longest. Slack takes the
// reply (it refused two buttons with one action_id), and a click on any
// button rolls back that button's promotion.
func TestRollbackPicker(t *testing.T) {
	tests := []struct {
		name        string
		recent      int
		wantButtons int
	}{
		{"OKOne", 1, 1},
		{"OKTwo", 2, 2},
		{"OKCap", maxPickerCandidates, maxPickerCandidates},
		{"OKOverCap", maxPickerCandidates + 5, maxPickerCandidates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recent := candidates(tt.recent)
			h := start(t, nil)
			h.engine.answerRecent(recent)
			h.srv.SlashCommand(slackfake.SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: testChannel})
			menu := h.waitEphemeral(t, "U0MARIA", 1)[0]
			if len(menu.Buttons) != tt.wantButtons {
				t.Fatalf("picker has %d buttons, want %d", len(menu.Buttons), tt.wantButtons)
			}
			if n := utf8.RuneCountInString(slackfake.RenderBlocks(menu.Blocks)); n > (maxPickerCandidates+1)*maxPickerLabel {
				t.Errorf("picker shows %d characters, want at most %d", n, (maxPickerCandidates+1)*maxPickerLabel)
			}
			seen := map[string]bool{}
			for i, b := range menu.Buttons {
				if seen[b.ActionID] || b.Value != recent[i].ID {
					t.Errorf("button %d = %+v; want a unique action_id and value %s", i, b, recent[i].ID)
				}
				seen[b.ActionID] = true
			}
			last := menu.Buttons[len(menu.Buttons)-1]
			h.srv.BlockAction(slackfake.BlockAction{UserID: "U0MARIA", ChannelID: testChannel, MessageTS: menu.TS,
				ActionID: last.ActionID})
			h.waitEphemeral(t, "U0MARIA", 2)
			calls := h.engine.Calls()
			if len(calls) != 1 || calls[0].Method != "Rollback" || calls[0].RB.PromotionID != last.Value {
				t.Errorf("engine calls = %+v, want one Rollback of %s", calls, last.Value)
			}
		})
	}
	t.Run("OKTwoPlain", func(t *testing.T) {
		// Issue #13: two ordinary candidates were two buttons with
		// action_id "rollback", and Slack refused the reply.
		p7, p8 := failedPromotion(), plannedPromotion()
		p7.ID, p8.ID, p8.State = "p7", "p8", deploy.StateWatching
		h := start(t, nil)
		h.engine.answerRecent([]deploy.Promotion{p7, p8})
		h.srv.SlashCommand(slackfake.SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: testChannel})
		menu := h.waitEphemeral(t, "U0MARIA", 1)[0]
		want := []slackfake.Button{
			{ActionID: "rollback:1", Text: "Rollback to v9.1.0", Value: "p7", Style: "danger"},
			{ActionID: "rollback:2", Text: "Rollback to v9.1.0", Value: "p8", Style: "danger"},
		}
		if diff := cmp.Diff(want, menu.Buttons); diff != "" {
			t.Errorf("picker buttons (-want +got):\n%s", diff)
		}
	})
	t.Run("OKNone", func(t *testing.T) {
		h := start(t, nil)
		h.srv.SlashCommand(slackfake.SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: testChannel})
		eph := h.waitEphemeral(t, "U0MARIA", 1)[0]
		if !strings.HasPrefix(eph.Text, "There is no recent promotion here to roll back.") || len(eph.Buttons) != 0 {
			t.Errorf("reply = %q with %d buttons, want the no-candidate text", eph.Text, len(eph.Buttons))
		}
	})
}

// TestPickerAndAnnouncementClicksAreOneClick: the picker's Rollback of a
// promotion and its announcement's are the same button for
// de-duplication, so clicking both at once rolls back once.
func TestPickerAndAnnouncementClicksAreOneClick(t *testing.T) {
	h := start(t, nil)
	m, b := h.announceFailed(t)
	h.click("U0MARIA", m, b)
	h.srv.BlockAction(slackfake.BlockAction{UserID: "U0MARIA", ChannelID: testChannel, MessageTS: m.TS,
		ActionID: pickerActionID(0), Value: b.Value})
	assertOneActionAlreadyDone(t, h, "U0MARIA")
}

// extremeStatus is what /promote status reads for extremeConfig: every
// cell a long version (some unreadable, some differing from upstream),
// a promotion of every service and one of each of 20 services in flight.
func extremeStatus() (deploy.StatusTable, []deploy.Promotion) {
	var t deploy.StatusTable
	for e := range extremeEnvs {
		t.Envs = append(t.Envs, extremeEnv(e))
	}
	for s := range extremeServices {
		row := deploy.StatusRow{Service: extremeService(s)}
		for e := range extremeEnvs {
			c := deploy.StatusCell{Version: longVersion(s + e), DiffersFromUpstream: e > 0 && s%3 == 0}
			if s%7 == 0 && e == 1 {
				c = deploy.StatusCell{Err: longReason("unreadable")}
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	inflight := []deploy.Promotion{extremeAll(deploy.StatePROpen)}
	for s := range 20 {
		p := extremeOne(deploy.StateSyncing)
		p.ID, p.Service = fmt.Sprintf("p-%03d", s), extremeService(s)
		inflight = append(inflight, p)
	}
	return t, inflight
}

// TestExtremeStatus: /promote status with 500 services × 4 environments
// shows the rows that fit whole, says how many, and names one service
// on request.
func TestExtremeStatus(t *testing.T) {
	table, inflight := extremeStatus()
	h := start(t, func(o *Options) { o.Config = extremeConfig(t) })
	h.engine.answerStatus(table, inflight)
	t.Run("OKAll", func(t *testing.T) {
		h.slash("U0MARIA", "status")
		got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text
		body, footer, ok := strings.Cut(got, "```\nShowing ")
		if !ok || !strings.HasPrefix(body, "```\nservice ") || !strings.HasSuffix(footer, " of 500 services. /promote status SERVICE shows one.") {
			t.Fatalf("status reply does not close its table and say how many rows it shows:\n…%s", got[max(0, len(got)-300):])
		}
		if len(got) > maxStatusText {
			t.Errorf("status reply is %d bytes, want at most %d", len(got), maxStatusText)
		}
		rows := strings.Count(body, "\n") - 2 // the fence and the header
		if !strings.HasPrefix(footer, fmt.Sprint(rows)+" of") || rows < 5 {
			t.Errorf("footer says %q, table has %d rows", footer, rows)
		}
	})
	t.Run("OKOneService", func(t *testing.T) {
		h.slash("U0LI0001", "status "+extremeService(3))
		got := h.waitEphemeral(t, "U0LI0001", 1)[0].Text
		if strings.Count(got, "\n") != 3 || !strings.HasSuffix(got, "```") || !strings.Contains(got, extremeService(3)) {
			t.Errorf("status of one service =\n%s\nwant the header and its row", got)
		}
	})
}

// TestExtremeReplies: help and the confirmation of a promotion of 500
// services fit Slack's text whole.
func TestExtremeReplies(t *testing.T) {
	h := start(t, func(o *Options) { o.Config = extremeConfig(t) })
	t.Run("OKHelp", func(t *testing.T) {
		h.slash("U0MARIA", "help")
		got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text
		if !strings.Contains(got, " more. Environments: "+extremeEnv(0)) || len(got) > 4000 {
			t.Errorf("help is %d bytes ending …%s; want the services summarised and every environment named",
				len(got), got[max(0, len(got)-200):])
		}
	})
	t.Run("OKPromoteAll", func(t *testing.T) {
		h.engine.promo = extremeAll(deploy.StatePROpen)
		h.slash("U0LI0001", "all "+extremeEnv(3))
		got := h.waitEphemeral(t, "U0LI0001", 1)[0].Text
		if !strings.HasSuffix(got, "Follow it in <#C0DEPLOYS>.") || len(got) > 2000 {
			t.Errorf("reply is %d bytes ending …%s; want it short and whole", len(got), got[max(0, len(got)-100):])
		}
	})
}

// TestExtremeThreadLine: a notice whose line carries an unbounded reason
// adds a thread line (broadcast for an unapproved merge) Slack shows
// whole, clipped to maxThreadLine.
func TestExtremeThreadLine(t *testing.T) {
	h := start(t, nil)
	p := extremeAll(deploy.StatePROpen)
	ref, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticePlanned, Details: extremeDetails(),
		Line: "PR opened: " + longReason("title")})
	if err != nil {
		t.Fatal(err)
	}
	p.Slack, p.State = ref, deploy.StateMerged
	if _, err := h.bot.Notify(testCtx(t), deploy.Notice{Promotion: p, Kind: deploy.NoticeUnapprovedMerge,
		Details: extremeDetails(), Line: "🚨 " + strings.Repeat(longReason("merged"), 5)}); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.Wait(testCtx(t), func() bool { return len(h.srv.Thread(testChannel, ref.TS)) == 2 }); err != nil {
		t.Fatalf("thread has %d lines, want 2: %v", len(h.srv.Thread(testChannel, ref.TS)), err)
	}
	for _, m := range h.srv.Thread(testChannel, ref.TS) {
		if n := utf8.RuneCountInString(m.Text); n > maxThreadLine || !strings.HasSuffix(m.Text, " …") {
			t.Errorf("thread line is %d characters ending %q; want it clipped to %d", n, m.Text[len(m.Text)-10:], maxThreadLine)
		}
	}
}
