package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
	lc.handler = newHTTPHandler(lc.isReady, metrics.New(nil))
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

func TestServeStopsWhenBotFails(t *testing.T) {
	r := &recorder{}
	lc := testLifecycle(t, r)
	lc.bot = func(context.Context) error { r.add("bot failed"); return errBotTest }
	err := lc.run(context.Background())
	if err == nil || err.Error() != errBotTest.Error() {
		t.Fatalf("run = %v, want the bot's error", err)
	}
	if got := r.list(); got[0] != "bot failed" || got[len(got)-1] != "store closed" {
		t.Errorf("events = %v, want the bot's failure first and the store closed last", got)
	}
}

var errBotTest = errors.New("slack auth.test: check SLACK_BOT_TOKEN")

func TestReadyz(t *testing.T) {
	lc := &lifecycle{connected: func(time.Time) bool { return true }}
	h := newHTTPHandler(lc.isReady, metrics.New(nil))
	check := func(path string, want int) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("%s = %d, want %d", path, rec.Code, want)
		}
	}
	check("/healthz", 200)
	check("/readyz", 503)
	lc.storeOpen.Store(true)
	lc.botRunning.Store(true)
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
