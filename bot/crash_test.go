package bot

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/store"
)

// restartable is a bot on a store file that a test stops and starts
// again, the way a crash and a restart of serve would.
type restartable struct {
	srv    *slackfake.Server
	clock  *fakeClock // the bot's and the stand-in's
	path   string
	log    *syncBuffer
	h      *harness
	engine *fakeEngine
	stop   func() // stops h once
}

func newRestartable(t *testing.T, scopes ...string) *restartable {
	t.Helper()
	clock := &fakeClock{t: t0}
	srv := slackfake.New(slackfake.Options{PingInterval: 200 * time.Millisecond, Clock: clock.Now, Scopes: scopes})
	t.Cleanup(srv.Close)
	srv.AddChannel(testChannel, "deploys")
	r := &restartable{srv: srv, clock: clock, path: filepath.Join(t.TempDir(), "bot.db"), log: &syncBuffer{}}
	r.start(t)
	return r
}

// start opens the store file and runs a new bot on it with a new engine.
func (r *restartable) start(t *testing.T) {
	t.Helper()
	st := openStore(t, r.path)
	r.engine = &fakeEngine{}
	clock := r.clock
	r.h = &harness{srv: r.srv, engine: r.engine, store: st, clock: clock, done: make(chan error, 1),
		bot: newBot(t, r.srv, r.engine, st, func(o *Options) { o.Clock, o.Logger = clock, newBufLogger(r.log) })}
	conns := r.srv.TotalConnections()
	ctx, cancel := context.WithCancel(context.Background())
	r.h.cancel = cancel
	h := r.h
	go func() { h.done <- h.bot.Run(ctx) }()
	var once sync.Once
	r.stop = func() { once.Do(func() { h.stop(t) }) }
	t.Cleanup(r.stop)
	if err := r.srv.WaitConnected(testCtx(t), conns+1); err != nil {
		t.Fatal(err)
	}
}

// restart stops the bot, closes its store and starts a new bot on the
// same file.
func (r *restartable) restart(t *testing.T) {
	t.Helper()
	r.stop()
	if err := r.h.store.Close(); err != nil && !strings.Contains(err.Error(), "not open") {
		t.Fatal(err)
	}
	r.start(t)
}

// waitLog waits until the bot's log contains s.
func (r *restartable) waitLog(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.log.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("log =\n%s\nwant %q", r.log.String(), s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCrashBeforeCommit: a command whose job cannot be committed (the
// store is gone, as in a crash mid-commit) is not acked, so Slack
// delivers it again; the restarted bot then takes it exactly once.
func TestCrashBeforeCommit(t *testing.T) {
	for _, tt := range []struct {
		name string
		send func(*slackfake.Server, string) string
	}{
		{"OKSlashCommand", func(s *slackfake.Server, _ string) string {
			return s.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: "api v9.1.1 prod",
				UserID: "U0MARIA", ChannelID: testChannel})
		}},
		{"OKButton", func(s *slackfake.Server, ts string) string {
			return s.BlockAction(slackfake.BlockAction{UserID: "U0SAM001", ChannelID: testChannel,
				MessageTS: ts, ActionID: actionApprove})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRestartable(t)
			ts := r.h.announce(t)
			if err := r.h.store.Close(); err != nil {
				t.Fatal(err)
			}
			id := tt.send(r.srv, ts)
			r.waitLog(t, "recording a job failed")
			if got := r.srv.Unacked(); !slices.Contains(got, id) {
				t.Fatalf("unacked envelopes = %q, want %s: acked before its job was on disk", got, id)
			}
			r.restart(t)
			if err := r.srv.Resend(id); err != nil {
				t.Fatal(err)
			}
			if _, err := r.srv.WaitAck(testCtx(t), id); err != nil {
				t.Fatal(err)
			}
			if err := r.srv.Wait(testCtx(t), func() bool { return len(r.engine.Calls()) > 0 }); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			if n := len(r.engine.Calls()); n != 1 {
				t.Errorf("engine calls after the restart = %d, want 1", n)
			}
		})
	}
}

// TestAckAfterCommit: by the time Slack has the ack, the job is in the
// store, so a crash right after the ack cannot lose it.
func TestAckAfterCommit(t *testing.T) {
	h := start(t, nil)
	h.engine.delay = time.Second
	id := h.slash("U0MARIA", "api v9.1.1 prod")
	if _, err := h.srv.WaitAck(testCtx(t), id); err != nil {
		t.Fatal(err)
	}
	jobs, err := h.store.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(jobs, func(j store.Job) bool { return j.ID == id }) {
		t.Errorf("jobs at the ack = %+v, want %s", jobs, id)
	}
}
