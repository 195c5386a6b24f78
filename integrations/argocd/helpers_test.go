package argocd

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

const (
	repo     = "acme/gitops"
	prodFile = "environments/production/api/config.yaml"
	stgFile  = "environments/staging/api/config.yaml"
	webFile  = "environments/production/web/config.yaml"
)

// Tokens look like the JWTs Argo CD issues, so a leak would be easy to
// spot; every test checks that none shows up in the client's logs.
const (
	tokAdmin  = "eyJhbGciOiJIUzI1NiJ9.admin-c2VjcmV0LXRva2VuLWFkbWlu.sig1"
	tokBot    = "eyJhbGciOiJIUzI1NiJ9.deploybot-c2VjcmV0LWJvdA.sig2"
	tokNoApps = "eyJhbGciOiJIUzI1NiJ9.nobody-c2VjcmV0LW5vYm9keQ.sig3"
	tokWrong  = "eyJhbGciOiJIUzI1NiJ9.wrong-c2VjcmV0LXdyb25n.sig4"
)

var allTokens = []string{tokAdmin, tokBot, tokNoApps, tokWrong}

// fixture is a running argocdfake with a MemSource, a FakeClock and
// three apps: api-production (manual sync), api-staging (automated) and
// web-production (manual), all deployed at t0.
type fixture struct {
	srv   *argocdfake.Server
	src   *argocdfake.MemSource
	clock *argocdfake.FakeClock
	head  string // the commit every app was deployed at
	logs  *syncBuffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	src := argocdfake.NewMemSource()
	head := src.Commit(repo, "main", prodFile, stgFile, webFile)
	clock := argocdfake.NewFakeClock(t0)
	srv, err := argocdfake.New(argocdfake.Options{
		Source: src,
		Clock:  clock,
		Tokens: map[string]argocdfake.Permissions{
			tokAdmin: argocdfake.AllowAll("admin"),
			// the least-privilege role of the README: get the api apps,
			// sync production's.
			tokBot:    {Subject: "proj:default:deploybot", Get: []string{"default/api-*"}, Sync: []string{"default/api-production"}},
			tokNoApps: {Subject: "proj:default:nobody"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	f := &fixture{srv: srv, src: src, clock: clock, head: head, logs: &syncBuffer{}}
	f.addApp(t, argocdfake.AppSpec{Name: "api-production", Repo: repo, Namespace: "api", Deployment: "api",
		Path: "environments/production/api", Paths: []string{prodFile}, Images: []string{"ghcr.io/acme/api:{short}"}})
	f.addApp(t, argocdfake.AppSpec{Name: "api-staging", Repo: repo, Namespace: "api-staging", Deployment: "api",
		Path: "environments/staging/api", Paths: []string{stgFile}, Automated: true, Images: []string{"ghcr.io/acme/api:{short}"}})
	f.addApp(t, argocdfake.AppSpec{Name: "web-production", Repo: repo, Namespace: "web", Paths: []string{webFile}})
	t.Cleanup(func() { f.logs.checkNoToken(t) })
	return f
}

func (f *fixture) addApp(t *testing.T, spec argocdfake.AppSpec) {
	t.Helper()
	if err := f.srv.AddApp(t.Context(), spec); err != nil {
		t.Fatal(err)
	}
}

// client returns a Client for token whose logs go to f.logs, whose clock
// is the fake's and whose Sleep is s (nil: return at once).
func (f *fixture) client(t *testing.T, token string, s *sleeper) *Client {
	t.Helper()
	opts := Options{
		Server: f.srv.Addr(), Plaintext: true, Token: config.NewSecret(token),
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    f.clock.Now, Backoff: Backoff{Min: time.Second, Max: 8 * time.Second},
	}
	if s != nil {
		opts.Sleep = s.sleep
	} else {
		opts.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

func (f *fixture) advance(t *testing.T, d time.Duration) {
	t.Helper()
	if err := f.srv.Advance(t.Context(), d); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) script(t *testing.T, app string, sc argocdfake.Script) {
	t.Helper()
	if err := f.srv.Script(app, sc); err != nil {
		t.Fatal(err)
	}
}

// merge commits a change of path, as merging a promotion PR would, and
// returns its SHA.
func (f *fixture) merge(path string) string { return f.src.Commit(repo, "main", path) }

func at(d time.Duration) time.Time { return t0.Add(d) }

// sleeper records Watch's backoff delays. With hold set, each Sleep waits
// for release (or ctx); otherwise it returns at once.
type sleeper struct {
	hold    bool
	calls   chan time.Duration
	release chan struct{}
}

func newSleeper(hold bool) *sleeper {
	return &sleeper{hold: hold, calls: make(chan time.Duration, 100), release: make(chan struct{})}
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.calls <- d
	if !s.hold {
		return ctx.Err()
	}
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait returns the next delay Watch slept for.
func (s *sleeper) wait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-s.calls:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not back off")
		return 0
	}
}

// watcher runs Client.Watch in a goroutine and collects what it sends.
type watcher struct {
	ch     chan deploy.Rollout
	done   chan error
	cancel context.CancelFunc
}

func startWatch(t *testing.T, c *Client, app string) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	w := &watcher{ch: make(chan deploy.Rollout, 1000), done: make(chan error, 1), cancel: cancel}
	go func() { w.done <- c.Watch(ctx, app, func(r deploy.Rollout) { w.ch <- r }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-w.done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("Watch: %v", err)
		}
	})
	return w
}

// next returns the next state Watch sent.
func (w *watcher) next(t *testing.T) deploy.Rollout {
	t.Helper()
	select {
	case r := <-w.ch:
		return r
	case err := <-w.done:
		w.done <- err
		t.Fatalf("Watch returned %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no state from Watch within 10s")
	}
	return deploy.Rollout{}
}

// until returns the first state Watch sends that satisfies ok.
func (w *watcher) until(t *testing.T, ok func(deploy.Rollout) bool) deploy.Rollout {
	t.Helper()
	for {
		if r := w.next(t); ok(r) {
			return r
		}
	}
}

// result waits for Watch to return and returns its error.
func (w *watcher) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-w.done:
		w.done <- nil // for the cleanup
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not return within 10s")
		return nil
	}
}

// syncBuffer is a goroutine-safe log sink. integrations/github's tests
// have the same one: test files cannot share code across packages, and a
// shared non-test package for a dozen lines would be a new import edge for
// each adapter; so each keeps its own.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) checkNoToken(t *testing.T) {
	t.Helper()
	checkNoToken(t, "logs", b.String())
}

func checkNoToken(t *testing.T, what, s string) {
	t.Helper()
	for _, tok := range allTokens {
		if strings.Contains(s, tok) {
			t.Errorf("%s contain a token:\n%s", what, s)
		}
	}
}

// errResult is what a test checks of an error.
type errResult struct {
	Code    fault.Code
	Message string // fault.UserMessage
}

func errOf(t *testing.T, err error) errResult {
	t.Helper()
	if err != nil {
		checkNoToken(t, "error", err.Error())
	}
	return errResult{Code: fault.ErrorCode(err), Message: fault.UserMessage(err)}
}
