package bot

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

func TestDuplicates(t *testing.T) {
	t.Run("SameEnvelope", func(t *testing.T) {
		h := start(t, nil)
		h.engine.delay = 300 * time.Millisecond
		id := h.slash("U0MARIA", "api v9.1.1 prod")
		if _, err := h.srv.WaitAck(testCtx(t), id); err != nil {
			t.Fatal(err)
		}
		if err := h.srv.Resend(id); err != nil {
			t.Fatal(err)
		}
		assertOneActionAlreadyDone(t, h, "U0MARIA")
	})
	t.Run("RetryNewEnvelope", func(t *testing.T) {
		h := start(t, nil)
		h.slash("U0MARIA", "api v9.1.1 prod")
		h.slash("U0MARIA", "api  v9.1.1  production")
		assertOneActionAlreadyDone(t, h, "U0MARIA")
	})
	t.Run("DoubleClick", func(t *testing.T) {
		h := start(t, nil)
		ts := h.announce(t)
		for range 2 {
			h.srv.BlockAction(slackfake.BlockAction{UserID: "U0SAM001", ChannelID: testChannel, MessageTS: ts, ActionID: actionApprove})
		}
		assertOneActionAlreadyDone(t, h, "U0SAM001")
	})
}

func assertOneActionAlreadyDone(t *testing.T, h *harness, user string) {
	t.Helper()
	eph := h.waitEphemeral(t, user, 2)
	texts := []string{eph[0].Text, eph[1].Text}
	if !strings.Contains(strings.Join(texts, "\n"), "Already done") {
		t.Errorf("ephemerals = %q, want one \"Already done\"", texts)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(h.engine.Calls()); n != 1 {
		t.Errorf("engine calls = %d, want 1", n)
	}
}

// announce posts a planned announcement of p1 through Notify.
func (h *harness) announce(t *testing.T) string {
	t.Helper()
	ref, err := h.bot.Notify(testCtx(t), plannedNotice())
	if err != nil {
		t.Fatal(err)
	}
	return ref.TS
}

func TestApprove(t *testing.T) {
	t.Run("ErrRequester", func(t *testing.T) {
		h := start(t, nil)
		h.engine.err = fault.Errorf(fault.CodeUnauthorised, "You can't approve your own promotion. Ask someone in <!subteam^S0LEADS>.")
		ts := h.announce(t)
		h.srv.BlockAction(slackfake.BlockAction{UserID: "U0MARIA", ChannelID: testChannel, MessageTS: ts, ActionID: actionApprove})
		eph := h.waitEphemeral(t, "U0MARIA", 1)
		if !strings.Contains(eph[0].Text, "You can't approve your own promotion") {
			t.Errorf("ephemeral = %q", eph[0].Text)
		}
		if got := h.engine.Calls()[0]; got.ID != "p1" || got.Person.ID != "U0MARIA" {
			t.Errorf("Approve(%q, %+v), want p1 by the clicker", got.ID, got.Person)
		}
	})
	t.Run("OKGroupMember", func(t *testing.T) {
		h := start(t, nil)
		h.srv.SetUserGroup(slackfake.UserGroup{ID: "S0LEADS", Handle: "platform-leads", Members: []string{"U0LI0001"}})
		ts := h.announce(t)
		h.srv.BlockAction(slackfake.BlockAction{UserID: "U0LI0001", ChannelID: testChannel, MessageTS: ts, ActionID: actionApprove})
		h.waitEphemeral(t, "U0LI0001", 1)
		got := h.engine.Calls()[0]
		if got.Method != "Approve" || got.Person.ID != "U0LI0001" || len(got.Person.Groups) != 1 || got.Person.Groups[0] != "S0LEADS" {
			t.Errorf("call = %+v, want Approve by U0LI0001 in S0LEADS", got)
		}
		if n := h.srv.CallCount("usergroups.users.list"); n != 1 {
			t.Errorf("usergroups.users.list calls = %d, want 1", n)
		}
	})
	t.Run("ErrForeignTeam", func(t *testing.T) {
		h := start(t, nil)
		ts := h.announce(t)
		h.srv.BlockAction(slackfake.BlockAction{UserID: "U0EVE001", TeamID: "T0OTHER", ChannelID: testChannel, MessageTS: ts, ActionID: actionApprove})
		eph := h.waitEphemeral(t, "U0EVE001", 1)
		if !strings.Contains(eph[0].Text, "own workspace") || len(h.engine.Calls()) != 0 {
			t.Errorf("ephemeral = %q, calls = %d; want a refusal and no engine call", eph[0].Text, len(h.engine.Calls()))
		}
	})
}

func TestPanicRecovered(t *testing.T) {
	h := start(t, nil)
	h.engine.panic = true
	h.slash("U0MARIA", "api v9.1.1 prod")
	eph := h.waitEphemeral(t, "U0MARIA", 1)
	if eph[0].Text != msgWentWrong {
		t.Errorf("ephemeral = %q, want %q", eph[0].Text, msgWentWrong)
	}
	h.engine.mu.Lock()
	h.engine.panic = false
	h.engine.mu.Unlock()
	h.slash("U0MARIA", "help")
	h.waitEphemeral(t, "U0MARIA", 2)
	deadline := time.Now().Add(5 * time.Second)
	for jobs, _ := h.store.Jobs(); len(jobs) != 0; jobs, _ = h.store.Jobs() {
		if time.Now().After(deadline) {
			t.Fatalf("jobs left = %+v", jobs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestReconnects(t *testing.T) {
	for _, tt := range []struct {
		name string
		cut  func(*slackfake.Server)
	}{
		{"RefreshRequested", func(s *slackfake.Server) { s.Disconnect("refresh_requested") }},
		{"Warning", func(s *slackfake.Server) { s.Disconnect("warning") }},
		{"Dropped", func(s *slackfake.Server) { s.DropConnections() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, nil)
			tt.cut(h.srv)
			if err := h.srv.WaitConnected(testCtx(t), 2); err != nil {
				t.Fatal(err)
			}
			h.slash("U0MARIA", "help")
			h.waitEphemeral(t, "U0MARIA", 1)
		})
	}
}

func TestFatal(t *testing.T) {
	for _, tt := range []struct {
		name, wantErr string
		mod           func(*Options)
		cut           func(*slackfake.Server)
	}{
		{"ErrBotToken", "SLACK_BOT_TOKEN", func(o *Options) { o.BotToken = config.NewSecret("xoxb-wrong") }, nil},
		{"ErrAppToken", "SLACK_APP_TOKEN", func(o *Options) { o.AppToken = config.NewSecret("xapp-wrong") }, nil},
		{"ErrLinkDisabled", "link_disabled", nil, func(s *slackfake.Server) { s.Disconnect("link_disabled") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := slackfake.New(slackfake.Options{PingInterval: 200 * time.Millisecond})
			t.Cleanup(srv.Close)
			st := openStore(t, filepath.Join(t.TempDir(), "bot.db"))
			b := newBot(t, srv, &fakeEngine{}, st, tt.mod)
			done := make(chan error, 1)
			go func() { done <- b.Run(context.Background()) }()
			if tt.cut != nil {
				if err := srv.WaitConnected(testCtx(t), 1); err != nil {
					t.Fatal(err)
				}
				tt.cut(srv)
			}
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Run = %v, want an error naming %s", err, tt.wantErr)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not fail")
			}
		})
	}
}

func TestWatchdogLogsSilence(t *testing.T) {
	var buf syncBuffer
	h := start(t, func(o *Options) {
		o.Watchdog = 300 * time.Millisecond
		o.PingInterval = 30 * time.Second // socketmode itself stays patient
		o.Logger = newBufLogger(&buf)
	})
	h.srv.PausePings(true)
	err := h.srv.Wait(testCtx(t), func() bool { return strings.Contains(buf.String(), "Slack connection silent") })
	if err != nil {
		// Wait re-checks only on server changes; poll instead.
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) && !strings.Contains(buf.String(), "Slack connection silent") {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !strings.Contains(buf.String(), "Slack connection silent") {
		t.Errorf("log =\n%s\nwant a silence warning", buf.String())
	}
}

func TestResumesUnfinishedJobs(t *testing.T) {
	srv := slackfake.New(slackfake.Options{PingInterval: 200 * time.Millisecond})
	t.Cleanup(srv.Close)
	srv.AddChannel(testChannel, "deploys")
	st := openStore(t, filepath.Join(t.TempDir(), "bot.db"))
	job := store.Job{ID: "e-left", Kind: jobCommand, CreatedAt: t0, Attempts: 1,
		Payload: []byte(`{"command":"/promote","text":"api v9.1.1 prod","user":"U0MARIA","channel":"C0DEPLOYS"}`)}
	if err := st.PutJob(job); err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{}
	h := &harness{srv: srv, engine: eng, store: st, done: make(chan error, 1),
		bot: newBot(t, srv, eng, st, nil)}
	h.run(t)
	h.waitEphemeral(t, "U0MARIA", 1)
	if calls := eng.Calls(); len(calls) != 1 || calls[0].Method != "Request" {
		t.Errorf("calls = %+v, want the left-over Request", calls)
	}
}
