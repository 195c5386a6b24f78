package argocd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

// TestWatchScale measures concurrent watches against the stand-in, for the
// README's Performance table. It runs only with DEPLOYBOT_PERF=1:
//
//	DEPLOYBOT_PERF=1 go test ./integrations/argocd -run TestWatchScale -v -count=1
func TestWatchScale(t *testing.T) {
	if os.Getenv("DEPLOYBOT_PERF") == "" || testing.Short() {
		t.Skip("set DEPLOYBOT_PERF=1 to measure")
	}
	for _, n := range []int{10, 50, 200} {
		t.Run(strconv.Itoa(n), func(t *testing.T) { measureWatches(t, n) })
	}
}

// scale is n apps on the stand-in, one Client and n watches of them.
type scale struct {
	n      int
	src    *argocdfake.MemSource
	srv    *argocdfake.Server
	c      *Client
	paths  []string
	states atomic.Int64 // states delivered to the watches
}

func measureWatches(t *testing.T, n int) {
	s := newScale(t, n)
	before := sample()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, n)
	start := time.Now()
	for i := range n {
		go func() { done <- s.c.Watch(ctx, s.app(i), func(deploy.Rollout) { s.states.Add(1) }) }()
	}
	s.waitStates(t, n, func() bool { return s.srv.Watchers() == n })
	connected := time.Since(start)
	after := sample()
	t.Logf("%d watches: connected in %s; goroutines %d -> %d (client +%d, server +%d, other +%d); heap in use %.1f -> %.1f MB; RSS %.1f -> %.1f MB",
		n, connected.Round(time.Millisecond), before.goroutines, after.goroutines,
		after.client-before.client, after.server-before.server, after.other-before.other,
		mb(before.heap), mb(after.heap), mb(before.rss), mb(after.rss))
	s.steadyState(t)
	s.rollOutAll(t)
	s.cutAll(t)
	s.burst(t)
	cancel()
	for range n {
		<-done
	}
}

func newScale(t *testing.T, n int) *scale {
	s := &scale{n: n, src: argocdfake.NewMemSource(), paths: make([]string, n)}
	for i := range s.paths {
		s.paths[i] = fmt.Sprintf("environments/production/svc%03d/config.yaml", i)
	}
	s.src.Commit(repo, "main", s.paths...)
	clock := argocdfake.NewFakeClock(t0)
	var err error
	s.srv, err = argocdfake.New(argocdfake.Options{Source: s.src, Clock: clock,
		Tokens: map[string]argocdfake.Permissions{tokAdmin: argocdfake.AllowAll("admin")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.srv.Close() })
	for i, p := range s.paths {
		if err := s.srv.AddApp(t.Context(), argocdfake.AppSpec{Name: s.app(i), Repo: repo, Paths: []string{p}}); err != nil {
			t.Fatal(err)
		}
	}
	if s.c, err = New(Options{Server: s.srv.Addr(), Plaintext: true, Token: config.NewSecret(tokAdmin), Now: clock.Now}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.c.Close() })
	if _, err := s.c.Observe(t.Context(), s.app(0)); err != nil { // connect
		t.Fatal(err)
	}
	return s
}

func (s *scale) app(i int) string { return fmt.Sprintf("svc%03d-production", i) }

// reset zeroes the call and state counts.
func (s *scale) reset() {
	s.srv.ResetCalls()
	s.states.Store(0)
}

// waitStates waits until at least n states were delivered and more holds.
func (s *scale) waitStates(t *testing.T, n int, more func() bool) {
	t.Helper()
	waitFor(t, func() bool { return s.states.Load() >= int64(n) && (more == nil || more()) })
}

// steadyState runs 30 simulated minutes of healthy apps: every app
// reconciles every 3 minutes, all in the same tick (a burst of n events to
// each of the n streams, which the server filters). Each wave is delivered
// before the next tick.
func (s *scale) steadyState(t *testing.T) {
	s.reset()
	const minutes = 30
	var slowest time.Duration
	for i := 1; i <= minutes*2; i++ {
		tick := time.Now()
		advance(t, s.srv, 30*time.Second)
		s.waitStates(t, s.n*(i/6), nil)
		slowest = max(slowest, time.Since(tick))
	}
	steady, delivered := total(s.srv.Calls()), s.states.Load()
	t.Logf("%d watches: steady state over %d simulated minutes: %d requests (%.1f/min), %d states delivered (%.1f/min, periodic reconciles); slowest reconcile wave delivered in %s",
		s.n, minutes, steady, float64(steady)/minutes, delivered, float64(delivered)/minutes, slowest.Round(time.Millisecond))
}

// rollOutAll promotes every app at once: one commit changes them all and
// deploybot syncs each.
func (s *scale) rollOutAll(t *testing.T) {
	s.reset()
	sha := s.src.Commit(repo, "main", s.paths...)
	steps := []func(){
		func() { advance(t, s.srv, time.Minute) },
		func() {
			for i := range s.n {
				if err := s.c.Sync(t.Context(), s.app(i), sha, false); err != nil {
					t.Error(err)
				}
			}
		},
		func() { advance(t, s.srv, 0) },
		func() { advance(t, s.srv, 5*time.Second) },
		func() { advance(t, s.srv, 2*time.Second) },
		func() { advance(t, s.srv, 30*time.Second) },
	}
	for i, step := range steps {
		step()
		s.waitStates(t, s.n*(i+1), nil)
	}
	calls := s.srv.Calls()
	t.Logf("%d watches: all %d apps rolled out at once: %d Sync + %d ResourceTree + %d Get requests, %d states delivered",
		s.n, s.n, calls["Sync"], calls["ResourceTree"], calls["Get"], s.states.Load())
}

// cutAll cuts every stream and measures the reconnect.
func (s *scale) cutAll(t *testing.T) {
	s.reset()
	start := time.Now()
	s.srv.CutWatches()
	s.waitStates(t, s.n, func() bool { return s.srv.Watchers() == s.n })
	calls := s.srv.Calls()
	t.Logf("%d watches: after every stream was cut: all reconnected in %s with %d Get + %d Watch requests",
		s.n, time.Since(start).Round(time.Millisecond), calls["Get"], calls["Watch"])
}

// burst fires 10 reconcile waves back to back, without waiting for their
// delivery, and counts the states that arrive: each stream's server-side
// buffer holds 1,000 events, the rest is dropped (as in Argo CD).
func (s *scale) burst(t *testing.T) {
	s.reset()
	for range 60 {
		advance(t, s.srv, 30*time.Second)
	}
	last := int64(-1)
	for n := s.states.Load(); n != last; n = s.states.Load() {
		last = n
		time.Sleep(time.Second)
	}
	t.Logf("%d watches: 10 reconcile waves fired back to back: %d of %d states delivered", s.n, last, 10*s.n)
}

type usage struct {
	goroutines, client, server, other int
	heap, rss                         uint64
}

// sample counts goroutines (by whose stack they run: the stand-in's gRPC
// server, the client's gRPC connection and watches, or anything else) and
// reads the heap in use after a GC and the process's RSS.
func sample() usage {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	u := usage{goroutines: runtime.NumGoroutine(), heap: ms.HeapInuse, rss: rss()}
	var buf bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&buf, 2)
	for _, g := range strings.Split(buf.String(), "\n\n") {
		switch {
		case strings.Contains(g, "argocdfake") || strings.Contains(g, "http2Server") || strings.Contains(g, "grpc.(*Server)"):
			u.server++
		case strings.Contains(g, "integrations/argocd.(*Client)") || strings.Contains(g, "http2Client") ||
			strings.Contains(g, "grpc.newClientStream") || strings.Contains(g, "grpc.(*ClientConn)") || strings.Contains(g, "grpc.(*addrConn)") ||
			strings.Contains(g, "grpc.(*ccBalancerWrapper)") || strings.Contains(g, "grpcsync"):
			u.client++
		default:
			u.other++
		}
	}
	return u
}

// rss returns the process's resident set size from /proc, or 0.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func advance(t *testing.T, srv *argocdfake.Server, d time.Duration) {
	if err := srv.Advance(t.Context(), d); err != nil {
		t.Fatal(err)
	}
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}
