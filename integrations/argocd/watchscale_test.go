package argocd

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

// scale is n apps on the stand-in, one Client and, once watchAll ran, n
// watches of them: what BenchmarkWatch… and TestWatchScaleRequests drive.
type scale struct {
	n      int
	src    *argocdfake.MemSource
	srv    *argocdfake.Server
	c      *Client
	paths  []string
	states atomic.Int64 // states delivered to the watches
}

func newScale(tb testing.TB, n int) *scale {
	tb.Helper()
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
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.srv.Close() })
	for i, p := range s.paths {
		if err := s.srv.AddApp(tb.Context(), argocdfake.AppSpec{Name: s.app(i), Repo: repo, Paths: []string{p}}); err != nil {
			tb.Fatal(err)
		}
	}
	if s.c, err = New(Options{Server: s.srv.Addr(), Plaintext: true, Token: config.NewSecret(tokAdmin), Now: clock.Now}); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.c.Close() })
	if _, err := s.c.Observe(tb.Context(), s.app(0)); err != nil { // connect
		tb.Fatal(err)
	}
	return s
}

func (s *scale) app(i int) string { return fmt.Sprintf("svc%03d-production", i) }

// reset zeroes the call and state counts.
func (s *scale) reset() {
	s.srv.ResetCalls()
	s.states.Store(0)
}

// watchAll starts a watch of every app and waits until every stream is
// open and each watch delivered its first state. stop cancels the watches
// and waits until they returned and the stand-in closed their streams.
func (s *scale) watchAll(tb testing.TB) (stop func()) {
	tb.Helper()
	ctx, cancel := context.WithCancel(tb.Context())
	done := make(chan error, s.n)
	for i := range s.n {
		go func() { done <- s.c.Watch(ctx, s.app(i), func(deploy.Rollout) { s.states.Add(1) }) }()
	}
	s.waitStates(tb, s.n, func() bool { return s.srv.Watchers() == s.n })
	return func() {
		cancel()
		for range s.n {
			<-done
		}
		waitFor(tb, func() bool { return s.srv.Watchers() == 0 })
	}
}

// waitStates waits until at least n states were delivered and more holds.
func (s *scale) waitStates(tb testing.TB, n int, more func() bool) {
	tb.Helper()
	waitFor(tb, func() bool { return s.states.Load() >= int64(n) && (more == nil || more()) })
}

// steady is what 30 simulated minutes of healthy apps cost.
type steady struct {
	minutes  int
	requests int           // to the stand-in
	states   int           // delivered to the watches
	slowest  time.Duration // the slowest reconcile wave, from tick to delivery
}

// steadyState runs 30 simulated minutes of healthy apps: every app
// reconciles every 3 minutes, all in the same tick (a burst of n events to
// each of the n streams, which the server filters). Each wave is delivered
// before the next tick.
func (s *scale) steadyState(tb testing.TB) steady {
	s.reset()
	st := steady{minutes: 30}
	for i := 1; i <= st.minutes*2; i++ {
		tick := time.Now()
		advance(tb, s.srv, 30*time.Second)
		s.waitStates(tb, s.n*(i/6), nil)
		st.slowest = max(st.slowest, time.Since(tick))
	}
	st.requests, st.states = total(s.srv.Calls()), int(s.states.Load())
	return st
}

// rollOutAll promotes every app at once: one commit changes them all and
// deploybot syncs each. It returns the requests the stand-in saw, by
// method, and the states delivered.
func (s *scale) rollOutAll(tb testing.TB) (map[string]int, int) {
	s.reset()
	sha := s.src.Commit(repo, "main", s.paths...)
	steps := []func(){
		func() { advance(tb, s.srv, time.Minute) },
		func() {
			for i := range s.n {
				if err := s.c.Sync(tb.Context(), s.app(i), sha, false); err != nil {
					tb.Error(err)
				}
			}
		},
		func() { advance(tb, s.srv, 0) },
		func() { advance(tb, s.srv, 5*time.Second) },
		func() { advance(tb, s.srv, 2*time.Second) },
		func() { advance(tb, s.srv, 30*time.Second) },
	}
	for i, step := range steps {
		step()
		s.waitStates(tb, s.n*(i+1), nil)
	}
	return s.srv.Calls(), int(s.states.Load())
}

// cutAll cuts every stream and waits until all reconnected and delivered
// a state; it returns the requests the stand-in saw, by method.
func (s *scale) cutAll(tb testing.TB) map[string]int {
	s.reset()
	s.srv.CutWatches()
	s.waitStates(tb, s.n, func() bool { return s.srv.Watchers() == s.n })
	return s.srv.Calls()
}

// burst fires 10 reconcile waves back to back, without waiting for their
// delivery, and returns the states that arrive, once no more did for a
// second: each stream's server-side buffer holds 1,000 events, the rest
// is dropped (as in Argo CD).
func (s *scale) burst(tb testing.TB) int {
	s.reset()
	for range 60 {
		advance(tb, s.srv, 30*time.Second)
	}
	last := int64(-1)
	for n := s.states.Load(); n != last; n = s.states.Load() {
		last = n
		time.Sleep(time.Second)
	}
	return int(last)
}

func advance(tb testing.TB, srv *argocdfake.Server, d time.Duration) {
	tb.Helper()
	if err := srv.Advance(tb.Context(), d); err != nil {
		tb.Fatal(err)
	}
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}

func waitFor(tb testing.TB, ok func() bool) {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			tb.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}
