package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/metrics"
)

// recorder notes the order in which a lifecycle's parts stop.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(e string) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// blockUntilDone is a part that runs until ctx ends and records it.
func blockUntilDone(r *recorder, name string, delay time.Duration) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		<-ctx.Done()
		time.Sleep(delay) // a write in flight
		r.add(name + " stopped")
		return nil
	}
}

// testLifecycle returns a lifecycle whose parts record into r, on a real
// listener.
func testLifecycle(t *testing.T, r *recorder) *lifecycle {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lc := &lifecycle{
		log:       slog.New(slog.DiscardHandler),
		listener:  ln,
		backups:   blockUntilDone(r, "backups", 0),
		engine:    blockUntilDone(r, "engine", 20*time.Millisecond),
		bot:       blockUntilDone(r, "bot", 20*time.Millisecond),
		closeBot:  func() { r.add("bot closed") },
		connected: func(time.Time) bool { return true },
	}
	lc.closeCluster = func() error { r.add("argocd closed"); return nil }
	lc.closeStore = func() error {
		resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
		if err == nil && resp.StatusCode == http.StatusOK {
			r.add("healthz answered while closing the store")
			resp.Body.Close()
		}
		r.add("store closed")
		return nil
	}
	lc.handler = newHTTPHandler(lc.report, metrics.New(nil))
	return lc
}

func TestServeShutdownOrder(t *testing.T) {
	r := &recorder{}
	lc := testLifecycle(t, r)
	ready := make(chan string, 1)
	lc.onReady = func(addr string) { ready <- addr }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lc.run(ctx) }()
	addr := <-ready
	if code := get(t, addr, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d while running, want 200", code)
	}
	cancel() // SIGTERM
	if err := <-done; err != nil {
		t.Fatalf("run = %v", err)
	}
	want := []string{"bot stopped", "engine stopped", "bot closed", "backups stopped", "argocd closed",
		"healthz answered while closing the store", "store closed"}
	if diff := cmp.Diff(want, r.list()); diff != "" {
		t.Errorf("shutdown order (-want +got):\n%s", diff)
	}
	if lc.isReady() {
		t.Error("ready after shutdown")
	}
}

func TestServeStopsWhenSlackRefusesTokenAtStart(t *testing.T) {
	r := &recorder{}
	lc := testLifecycle(t, r)
	lc.bot = func(context.Context) error { r.add("bot failed"); return errBotTest }
	err := lc.run(context.Background())
	if code := fault.ErrorCode(err); code != fault.CodeInvalid || !strings.Contains(err.Error(), "Slack refused deploybot's token (SLACK_BOT_TOKEN): slack auth.test: check SLACK_BOT_TOKEN") {
		t.Fatalf("run = %v (%s), want a startup error naming SLACK_BOT_TOKEN (invalid: exit 2)", err, code)
	}
	if got := r.list(); got[0] != "bot failed" || got[len(got)-1] != "store closed" {
		t.Errorf("events = %v, want the bot's failure first and the store closed last", got)
	}
}

var errBotTest = errors.New("slack auth.test: check SLACK_BOT_TOKEN")

// fastRetry makes the tests' retries quick.
var fastRetry = DependencyRetry{Min: 5 * time.Millisecond, Max: 20 * time.Millisecond, Every: 20 * time.Millisecond}

// logTo returns a lifecycle's logger writing JSON lines into b.
func logTo(b *syncBuffer) *slog.Logger { return slog.New(slog.NewJSONHandler(b, nil)) }

func TestServeRestartsTheBotWhileSlackIsDown(t *testing.T) {
	r := &recorder{}
	lc := testLifecycle(t, r)
	logs := &syncBuffer{}
	lc.log, lc.retry, lc.secrets = logTo(logs), fastRetry, []string{testBotToken}
	var calls atomic.Int32
	lc.bot = func(ctx context.Context) error {
		if calls.Add(1) <= 3 {
			return errors.New(`slack auth.test: Post "http://127.0.0.1:1/api/auth.test?token=` + testBotToken + `": connect: connection refused`)
		}
		<-ctx.Done()
		return nil
	}
	connected := atomic.Bool{}
	lc.connected = func(time.Time) bool { return connected.Load() }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lc.run(ctx) }()
	for calls.Load() < 4 {
		time.Sleep(time.Millisecond)
	}
	rep := lc.report()
	if rep.Ready || rep.Dependencies[1].Name != depSlack || !strings.Contains(rep.Dependencies[1].Reason, "connection refused") {
		t.Errorf("report = %+v, want slack not ready because the connection was refused", rep)
	}
	connected.Store(true)
	if !lc.isReady() {
		t.Errorf("not ready once connected: %+v", lc.report())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run = %v, want nil: Slack being down is no reason to stop", err)
	}
	out := logs.String()
	if n := strings.Count(out, `"msg":"dependency not available; retrying","dependency":"slack"`); n != 3 {
		t.Errorf("%d failures logged, want one per attempt (3):\n%s", n, out)
	}
	for _, want := range []string{`"attempt":3`, `"msg":"dependency available again","dependency":"slack"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
	noSecrets(t, out)
}

// checkSteps is what a fake dependency check answers, one per call; the
// last repeats.
type checkSteps struct {
	mu    sync.Mutex
	steps []error
	calls int
}

func (c *checkSteps) check(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.steps[min(c.calls, len(c.steps)-1)]
	c.calls++
	return err
}

func (c *checkSteps) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}

var (
	errGitHubDown    = &fault.Error{Code: fault.CodeUnavailable, Message: "GitHub is not answering (connection refused) while deploybot tried to read the base branch main in acme/gitops"}
	errGitHubRefused = &fault.Error{Code: fault.CodeUnauthorised, Message: "GitHub rejected the credentials (GITHUB_TOKEN or the GitHub App) for acme/gitops; check the token is valid and has not expired"}
)

func TestServeDependencyChecks(t *testing.T) {
	t.Run("OKDownThenUp", func(t *testing.T) {
		steps := &checkSteps{steps: []error{errGitHubDown, errGitHubDown, nil}}
		lc, logs, _, stop := runChecked(t, steps)
		eventually(t, "the third check", func() bool { return steps.count() >= 3 })
		eventually(t, "ready", lc.isReady)
		if err := stop(); err != nil {
			t.Fatalf("run = %v, want nil", err)
		}
		out := logs.String()
		if n := strings.Count(out, `"msg":"dependency not available; retrying","dependency":"github"`); n != 2 {
			t.Errorf("%d failures logged, want 2:\n%s", n, out)
		}
		if !strings.Contains(out, `"reason":"GitHub is not answering (connection refused)`) {
			t.Errorf("logs lack the reason:\n%s", out)
		}
	})
	t.Run("ErrDownReportedOnReadyz", func(t *testing.T) {
		steps := &checkSteps{steps: []error{errGitHubDown}}
		lc, _, _, stop := runChecked(t, steps)
		eventually(t, "a check", func() bool { return steps.count() >= 2 })
		got := lc.report().Dependencies[2]
		got.CheckedAt = time.Time{}
		want := depStatus{Name: depGitHub, Reason: errGitHubDown.Message}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("github status (-want +got):\n%s", diff)
		}
		if err := stop(); err != nil {
			t.Fatalf("run = %v, want nil while GitHub is down", err)
		}
	})
	t.Run("ErrRefusedAtStart", func(t *testing.T) {
		steps := &checkSteps{steps: []error{errGitHubDown, errGitHubRefused}}
		_, _, done, _ := runChecked(t, steps)
		err := <-done
		if code := fault.ErrorCode(err); code != fault.CodeInvalid || !strings.Contains(err.Error(),
			"GitHub refused deploybot's credentials (GITHUB_TOKEN or the GitHub App): GitHub rejected the credentials") {
			t.Fatalf("run = %v (%s), want a startup error naming GITHUB_TOKEN (invalid: exit 2)", err, code)
		}
	})
	t.Run("ErrRefusedLater", func(t *testing.T) {
		steps := &checkSteps{steps: []error{nil, errGitHubRefused}}
		lc, logs, _, stop := runChecked(t, steps)
		eventually(t, "a second check", func() bool { return steps.count() >= 3 })
		got := lc.report().Dependencies[2]
		if got.Ready || got.Credential != "GITHUB_TOKEN or the GitHub App" || !strings.HasPrefix(got.Reason, "credentials refused: GitHub rejected") {
			t.Errorf("github status = %+v, want the refused credential", got)
		}
		if err := stop(); err != nil {
			t.Fatalf("run = %v, want nil: a credential refused after it worked is shown, not fatal", err)
		}
		if !strings.Contains(logs.String(), `"msg":"dependency refused deploybot's credentials; retrying","dependency":"github","credential":"GITHUB_TOKEN or the GitHub App"`) {
			t.Errorf("logs lack the refusal:\n%s", logs)
		}
	})
}

// runChecked runs a lifecycle whose only check is GitHub answering steps;
// stop cancels it and returns run's error.
func runChecked(t *testing.T, steps *checkSteps) (*lifecycle, *syncBuffer, <-chan error, func() error) {
	t.Helper()
	lc := testLifecycle(t, &recorder{})
	logs := &syncBuffer{}
	lc.log, lc.retry = logTo(logs), fastRetry
	lc.checks = []depCheck{{name: depGitHub, title: "GitHub", env: "GITHUB_TOKEN or the GitHub App", check: steps.check}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lc.run(ctx) }()
	t.Cleanup(cancel)
	return lc, logs, done, func() error { cancel(); return <-done }
}

// eventually polls cond for up to 10 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestReadyz(t *testing.T) {
	checked := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		rep    readyReport
		accept string
		code   int
		body   string
	}{
		{"OK", readyReport{Ready: true, Dependencies: []depStatus{{Name: "store", Ready: true}, {Name: "slack", Ready: true}}},
			"", 200, "ready\nstore: ready\nslack: ready\n"},
		{"ErrDown", readyReport{Dependencies: []depStatus{{Name: "store", Ready: true},
			{Name: "argocd", Reason: "argocd: observe api-staging: connection refused"}}},
			"", 503, "not ready\nstore: ready\nargocd: not ready: argocd: observe api-staging: connection refused\n"},
		{"ErrRefused", readyReport{Dependencies: []depStatus{{Name: "github", Reason: "credentials refused: GitHub rejected the credentials", Credential: "GITHUB_TOKEN"}}},
			"", 503, "not ready\ngithub: not ready (check GITHUB_TOKEN): credentials refused: GitHub rejected the credentials\n"},
		{"OKJSON", readyReport{Dependencies: []depStatus{{Name: "github", Reason: "down", CheckedAt: checked}, {Name: "slack", Ready: true}}},
			"application/json", 503, `{"ready":false,"dependencies":[{"name":"github","ready":false,"reason":"down","checkedAt":"2026-03-02T10:00:00Z"},{"name":"slack","ready":true}]}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHTTPHandler(func() readyReport { return tt.rep }, metrics.New(nil))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/readyz", nil)
			req.Header.Set("Accept", tt.accept)
			h.ServeHTTP(rec, req)
			if diff := cmp.Diff([]any{tt.code, tt.body}, []any{rec.Code, rec.Body.String()}); diff != "" {
				t.Errorf("/readyz (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadyzReport(t *testing.T) {
	lc := &lifecycle{log: slog.New(slog.DiscardHandler), connected: func(time.Time) bool { return true }}
	lc.checks = []depCheck{{name: depGitHub}}
	h := newHTTPHandler(lc.report, metrics.New(nil))
	check := func(path string, want int) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("%s = %d, want %d: %s", path, rec.Code, want, rec.Body)
		}
	}
	check("/healthz", 200)
	check("/readyz", 503)
	lc.storeOpen.Store(true)
	lc.botRunning.Store(true)
	check("/readyz", 503) // GitHub not checked yet
	lc.deps.ok(depGitHub, time.Now())
	check("/readyz", 200)
	lc.connected = func(time.Time) bool { return false }
	check("/readyz", 503)
	check("/metrics", 200)
}

// get returns the status code of GET path on addr.
func get(t *testing.T, addr, path string) int {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
