package bot

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/store"
)

const testChannel = "C0DEPLOYS"

var t0 = time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)

const testConfig = `
slack:
  channel: C0DEPLOYS
github:
  repository: acme/gitops
argocd:
  server: argocd.example.com:443
store:
  path: /tmp/unused.db
environments:
  - name: staging
    aliases: [stg]
  - name: production
    aliases: [prod, prd]
    after: staging
    soak: 10m
    approvals: 1
    approvers: [S0LEADS, U0SAM001]
    promoters: [U0MARIA]
    watch: 30m
    monitoring: "https://grafana.example.com/d/{service}?var-env={env}"
services:
  api:
    argocdApp: "api-{env}"
    version: semver
    files:
      - path: "environments/{env}/api/config.yaml"
        key: service.chartTag
        value: "api-v{version}"
  checkout:
    argocdApp: "checkout-{env}"
    version: any
    files:
      - path: "environments/{env}/checkout/config.yaml"
        key: image.tag
        value: "{version}"
  web:
    argocdApp: "web-{env}"
    version: any
    files:
      - path: "environments/{env}/web/config.yaml"
        key: image.tag
        value: "{version}"
`

func testCfg(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse("deploybot.yaml", []byte(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// fakeClock is a settable clock. slackfake's tests have the same one:
// test helpers cannot be shared between packages without exporting them,
// and slackfake imports nothing of ours.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// call is one engine call the fake recorded.
type call struct {
	Method string
	ID     string
	Person deploy.Person
	Req    deploy.Request
	RB     deploy.RollbackRequest
}

// fakeEngine records calls and answers from its fields; it reads
// promotions from, and writes refusals to, the store the bot's queue is
// on (newBot sets it), as serve's engine and queue share one store.
type fakeEngine struct {
	mu       sync.Mutex
	calls    []call
	delay    time.Duration
	err      error
	panic    bool
	promo    deploy.Promotion
	table    deploy.StatusTable
	inflight []deploy.Promotion
	recent   []deploy.Promotion
	store    *store.Store
}

func (e *fakeEngine) record(c call) (deploy.Promotion, error) {
	e.mu.Lock()
	e.calls = append(e.calls, c)
	delay, err, p, pn := e.delay, e.err, e.promo, e.panic
	e.mu.Unlock()
	if pn {
		panic("fake engine panics")
	}
	time.Sleep(delay)
	if p.ID == "" {
		p = deploy.Promotion{ID: "p1", Service: "api", Env: "production", Version: "v9.1.1",
			PreviousVersion: "v9.1.0", State: deploy.StatePROpen}
	}
	return p, err
}

func (e *fakeEngine) Request(_ context.Context, r deploy.Request) (deploy.Promotion, error) {
	return e.record(call{Method: "Request", Req: r, Person: r.Requester})
}

func (e *fakeEngine) Approve(_ context.Context, id string, p deploy.Person) (deploy.Promotion, error) {
	return e.record(call{Method: "Approve", ID: id, Person: p})
}

func (e *fakeEngine) Cancel(_ context.Context, id string, p deploy.Person) (deploy.Promotion, error) {
	return e.record(call{Method: "Cancel", ID: id, Person: p})
}

func (e *fakeEngine) Rollback(_ context.Context, r deploy.RollbackRequest) (deploy.Promotion, error) {
	return e.record(call{Method: "Rollback", ID: r.PromotionID, Person: r.Person, RB: r})
}

// answerStatus makes Status answer table and inflight.
func (e *fakeEngine) answerStatus(table deploy.StatusTable, inflight []deploy.Promotion) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.table, e.inflight = table, inflight
}

// answerRecent makes Recent answer ps in every channel.
func (e *fakeEngine) answerRecent(ps []deploy.Promotion) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.recent = ps
}

func (e *fakeEngine) Status(context.Context) (deploy.StatusTable, []deploy.Promotion, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.table, e.inflight, nil
}

func (e *fakeEngine) Recent(context.Context, string) ([]deploy.Promotion, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.recent, nil
}

func (e *fakeEngine) Promotion(_ context.Context, id string) (deploy.Promotion, error) {
	return e.reads().GetPromotion(id)
}

func (e *fakeEngine) Latest(_ context.Context, service, env string, n int) ([]deploy.Promotion, error) {
	return e.reads().LatestPromotions(service, env, n)
}

func (e *fakeEngine) RecordRefusal(_ context.Context, ev deploy.AuditEvent) error {
	return e.reads().AppendAudit(ev)
}

func (e *fakeEngine) reads() store.Engine {
	e.mu.Lock()
	defer e.mu.Unlock()
	return store.ForEngine(e.store)
}

func (e *fakeEngine) Calls() []call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]call(nil), e.calls...)
}

// harness is a Bot running against a slackfake server.
type harness struct {
	srv    *slackfake.Server
	bot    *Bot
	engine *fakeEngine
	store  *store.Store
	clock  *fakeClock
	done   chan error
	cancel context.CancelFunc
	once   sync.Once // stop runs once
}

func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(&tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

type tWriter struct{ t testing.TB }

func (w *tWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// newBot builds a Bot on srv and the store st without running it; a
// fake engine reads st.
func newBot(t testing.TB, srv *slackfake.Server, eng *fakeEngine, st *store.Store, mod func(*Options)) *Bot {
	t.Helper()
	eng.mu.Lock()
	eng.store = st
	eng.mu.Unlock()
	opts := Options{Config: testCfg(t), Engine: eng, Queue: storeQueue{st},
		BotToken: config.NewSecret(srv.BotToken()), AppToken: config.NewSecret(srv.AppToken()),
		APIURL: srv.APIURL(), Logger: testLogger(t), UpdateEvery: 50 * time.Millisecond,
		PingInterval: 2 * time.Second}
	if mod != nil {
		mod(&opts)
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// start runs a bot against a fresh slackfake and stops both at cleanup.
func start(t testing.TB, mod func(*Options)) *harness {
	t.Helper()
	srv := slackfake.New(slackfake.Options{PingInterval: 200 * time.Millisecond})
	t.Cleanup(srv.Close)
	srv.AddChannel(testChannel, "deploys")
	h := &harness{srv: srv, engine: &fakeEngine{}, clock: &fakeClock{t: t0}, done: make(chan error, 1)}
	h.store = openStore(t, filepath.Join(t.TempDir(), "bot.db"))
	h.bot = newBot(t, srv, h.engine, h.store, func(o *Options) {
		o.Clock = h.clock
		if mod != nil {
			mod(o)
		}
	})
	h.run(t)
	return h
}

// run starts h.bot.Run and waits for the connection.
func (h *harness) run(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- h.bot.Run(ctx) }()
	t.Cleanup(func() { h.stop(t) })
	if err := h.srv.WaitConnected(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
}

// stop cancels Run, waits for it and closes the bot; a later call (the
// cleanup after an early stop) does nothing.
func (h *harness) stop(t testing.TB) {
	h.once.Do(func() {
		h.cancel()
		select {
		case <-h.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return")
		}
		h.bot.Close()
	})
}

func testCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitEphemeral waits until user has n ephemeral messages and returns them.
func (h *harness) waitEphemeral(t testing.TB, user string, n int) []slackfake.Message {
	t.Helper()
	err := h.srv.Wait(testCtx(t), func() bool { return len(h.srv.Ephemerals(user)) >= n })
	if err != nil {
		t.Fatalf("ephemerals for %s: %d, want %d: %v", user, len(h.srv.Ephemerals(user)), n, err)
	}
	return h.srv.Ephemerals(user)
}

func (h *harness) slash(user, text string) string {
	return h.srv.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: text, UserID: user, ChannelID: testChannel})
}
