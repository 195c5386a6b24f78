package bot

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestSlashCommandRepliesEphemerally(t *testing.T) {
	tests := []struct {
		name, text string
		engErr     error
		want       []string
		calls      int
	}{
		{"ErrUnknownService", "apu v9.1.1 prod", nil, []string{`Unknown service "apu". Did you mean api?`, promoteUsage}, 0},
		{"ErrUsage", "api", nil, []string{promoteUsage}, 0},
		{"ErrBlocked", "api v9.1.1 prod", fault.Errorf(fault.CodeBlocked, "Can't promote api to production: staging runs v9.1.0, not v9.1.1."), []string{"staging runs v9.1.0"}, 1},
		{"ErrUnauthorised", "api v9.1.1 prod", fault.Errorf(fault.CodeUnauthorised, "You can't promote to production. Ask someone in <!subteam^S0LEADS>."), []string{"You can't promote"}, 1},
		{"ErrInternal", "api v9.1.1 prod", errTest, []string{"Something went wrong, nothing was changed"}, 1},
		{"OK", "api v9.1.1 prod", nil, []string{"Promotion p1: api v9.1.0 → v9.1.1 is waiting for approval."}, 1},
		{"OKHelp", "help", nil, []string{"/promote SERVICE VERSION ENV"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, nil)
			h.engine.err = tt.engErr
			h.slash("U0MARIA", tt.text)
			eph := h.waitEphemeral(t, "U0MARIA", 1)
			for _, s := range tt.want {
				if !strings.Contains(eph[0].Text, s) {
					t.Errorf("ephemeral = %q, want it to contain %q", eph[0].Text, s)
				}
			}
			if got := len(h.srv.Messages(testChannel)); got != 0 {
				t.Errorf("channel messages = %d, want none", got)
			}
			if got := len(h.engine.Calls()); got != tt.calls {
				t.Errorf("engine calls = %d, want %d", got, tt.calls)
			}
		})
	}
}

var errTest = errors.New("github: 502 bad gateway") // a plain non-domain error

func TestPromoteCallsEngineWithPerson(t *testing.T) {
	h := start(t, nil)
	h.srv.SetUserGroup(slackfake.UserGroup{ID: "S0LEADS", Handle: "platform-leads", Members: []string{"U0MARIA"}})
	h.slash("U0MARIA", "api v9.1.1 prod")
	h.waitEphemeral(t, "U0MARIA", 1)
	calls := h.engine.Calls()
	want := deploy.Request{Service: "api", Version: "v9.1.1", Env: "production",
		Requester: deploy.Person{ID: "U0MARIA", Groups: []string{"S0LEADS"}},
		Reason:    "requested in Slack with /promote api v9.1.1 prod"}
	if diff := cmp.Diff(want, calls[0].Req); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
}

func TestStatus(t *testing.T) {
	h := start(t, nil)
	h.engine.answerStatus(deploy.StatusTable{Envs: []string{"staging", "production"}, Rows: []deploy.StatusRow{
		{Service: "api", Cells: []deploy.StatusCell{{Version: "v9.1.1"}, {Version: "v9.1.0", DiffersFromUpstream: true}}},
		{Service: "web", Cells: []deploy.StatusCell{{Version: "3.1"}, {Err: "no file"}}},
	}}, []deploy.Promotion{{ID: "p1", Service: "api", Env: "production", Version: "v9.1.1",
		State: deploy.StatePROpen, Requester: "U0MARIA", PR: deploy.PullRequest{Number: 1042}}})
	h.slash("U0MARIA", "status")
	h.slash("U0LI0001", "status web")
	got := h.waitEphemeral(t, "U0MARIA", 1)[0].Text
	want := "```\nservice  staging  production  in flight\n" +
		"api      v9.1.1   v9.1.0 *    #1042 p1 production→v9.1.1 pr_open (<@U0MARIA>)\n" +
		"web      3.1      — (unreadable)  —\n```"
	if !strings.Contains(got, "#1042 p1 production→v9.1.1 pr_open") || !strings.Contains(got, "v9.1.0 *") {
		t.Errorf("status =\n%s\nwant like\n%s", got, want)
	}
	web := h.waitEphemeral(t, "U0LI0001", 1)[0].Text
	if strings.Contains(web, "api ") || !strings.Contains(web, "web") {
		t.Errorf("status web =\n%s\nwant only web", web)
	}
}

func TestRollbackMenu(t *testing.T) {
	h := start(t, nil)
	h.engine.answerRecent([]deploy.Promotion{{ID: "p7", Service: "api", Env: "production", Version: "v9.1.1",
		PreviousVersion: "v9.1.0", State: deploy.StateWatching, CreatedAt: t0}})
	h.srv.SlashCommand(slackfake.SlashCommand{Command: "/rollback", UserID: "U0MARIA", ChannelID: testChannel})
	menu := h.waitEphemeral(t, "U0MARIA", 1)[0]
	if len(menu.Buttons) != 1 || menu.Buttons[0].Value != "p7" || actionKind(menu.Buttons[0].ActionID) != actionRollback {
		t.Fatalf("menu buttons = %+v, want one Rollback of p7", menu.Buttons)
	}
	h.srv.BlockAction(slackfake.BlockAction{UserID: "U0MARIA", ChannelID: testChannel, MessageTS: menu.TS, ActionID: menu.Buttons[0].ActionID})
	h.waitEphemeral(t, "U0MARIA", 2)
	calls := h.engine.Calls()
	if len(calls) != 1 || calls[0].Method != "Rollback" || calls[0].RB.PromotionID != "p7" {
		t.Errorf("engine calls = %+v, want Rollback of p7", calls)
	}
}

func TestAckBeforeWork(t *testing.T) {
	h := start(t, nil)
	h.engine.delay = 2 * time.Second
	id := h.slash("U0MARIA", "api v9.1.1 prod")
	ack, err := h.srv.WaitAck(testCtx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 500*time.Millisecond || ack.Late {
		t.Errorf("ack latency = %s while the engine takes 2s; want it well under", ack.Latency)
	}
	if n := len(h.srv.Ephemerals("U0MARIA")); n != 0 {
		t.Errorf("reply before the engine returned: %d ephemerals", n)
	}
	h.waitEphemeral(t, "U0MARIA", 1)
}

// TestForeignWorkspace: a command or a click from a person of another
// workspace (a shared channel) is refused, audited and never reaches the
// engine; one from the bot's own workspace does.
func TestForeignWorkspace(t *testing.T) {
	h := start(t, nil)
	ts := h.announce(t)
	h.srv.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: "api v9.1.1 prod", UserID: "U0MARIA",
		TeamID: "T0OTHER", ChannelID: testChannel})
	h.srv.BlockAction(slackfake.BlockAction{UserID: "U0SAM001", TeamID: "T0OTHER", ChannelID: testChannel,
		MessageTS: ts, ActionID: actionApprove, Value: "p1"})
	for _, user := range []string{"U0MARIA", "U0SAM001"} {
		if got := h.waitEphemeral(t, user, 1)[0].Text; got != msgForeignTeam {
			t.Errorf("answer to %s = %q, want %q", user, got, msgForeignTeam)
		}
	}
	if calls := h.engine.Calls(); len(calls) != 0 {
		t.Errorf("engine calls = %+v, want none", calls)
	}
	evs, err := h.store.AuditSince(0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		got = append(got, ev.Actor+" "+ev.Action+" "+ev.Reason)
	}
	want := []string{"U0MARIA refused:promote foreign workspace T0OTHER", "U0SAM001 refused:approve foreign workspace T0OTHER"}
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	h.srv.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: "api v9.1.2 prod", UserID: "U0MARIA",
		TeamID: "T0FAKE", ChannelID: testChannel})
	h.waitEphemeral(t, "U0MARIA", 2)
	if calls := h.engine.Calls(); len(calls) != 1 || calls[0].Method != "Request" {
		t.Errorf("engine calls from the own workspace = %+v, want one Request", calls)
	}
}
