package slackfake

import (
	"context"
	"math"
	"time"
)

// fault is what is pending for one method; guarded by Server.mu.
type fault struct {
	limited    int           // how many more calls get 429
	retryAfter time.Duration // their Retry-After
	failures   []string      // error codes for the next calls, in order
	holds      int           // how many more calls are carried out, then held
}

// holdState is the calls carried out whose answers are held; guarded by
// Server.mu.
type holdState struct {
	release chan struct{} // closed by ReleaseHeld and Close
	held    int           // calls waiting now
}

func (s *Server) faultLocked(method string) *fault {
	f, ok := s.faults[method]
	if !ok {
		f = &fault{}
		s.faults[method] = f
	}
	return f
}

// RateLimit makes the next times calls of method (after authentication)
// answer HTTP 429 with {"ok":false,"error":"ratelimited"} and a Retry-After
// header of retryAfter rounded up to whole seconds; slack-go returns
// *slack.RateLimitedError with that RetryAfter. A later RateLimit for the
// same method replaces the earlier one; times <= 0 clears it.
func (s *Server) RateLimit(method string, times int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method)
	f.limited, f.retryAfter = max(times, 0), retryAfter
}

// FailNext makes the next call of method (after authentication and rate
// limiting) answer {"ok":false,"error":errCode}, e.g. "channel_not_found",
// "invalid_auth" or, for apps.connections.open, anything that makes the
// socketmode client retry. Calling it n times fails the next n calls, in
// order.
func (s *Server) FailNext(method, errCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method)
	f.failures = append(f.failures, errCode)
}

// HoldNext makes the next call of method (after authentication, rate
// limiting and FailNext) be carried out, the message posted or the edit
// made, and its answer then held back until [Server.ReleaseHeld] or
// Close, or until the client gives up: a client stopped while it waits
// (a crash, a cancelled context) never learns the outcome, as when
// Slack acted and the process died before reading the answer. Calling it
// n times holds the next n calls. [Server.WaitHeld] waits for one.
func (s *Server) HoldNext(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultLocked(method).holds++
}

// WaitHeld blocks until n calls are held (see HoldNext) and returns nil,
// or ctx.Err() when ctx ends first.
func (s *Server) WaitHeld(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.hold.held >= n
	})
}

// Held returns how many calls are held now.
func (s *Server) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hold.held
}

// ReleaseHeld answers every held call.
func (s *Server) ReleaseHeld() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseHeldLocked()
}

func (s *Server) releaseHeldLocked() {
	if s.hold.release != nil {
		close(s.hold.release)
		s.hold.release = nil
	}
}

// takeHoldLocked uses one pending hold of method and returns the channel
// to wait on, or nil when the call is not held.
func (s *Server) takeHoldLocked(method string) <-chan struct{} {
	f, ok := s.faults[method]
	if !ok || f.holds == 0 {
		return nil
	}
	f.holds--
	if s.hold.release == nil {
		s.hold.release = make(chan struct{})
	}
	s.hold.held++
	s.notifyLocked()
	return s.hold.release
}

// ClearFaults drops every pending RateLimit and FailNext.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]*fault{}
}

// takeRateLimitLocked uses one pending 429 of method and returns its
// Retry-After in whole seconds.
func (s *Server) takeRateLimitLocked(method string) (secs int, limited bool) {
	f, ok := s.faults[method]
	if !ok || f.limited == 0 {
		return 0, false
	}
	f.limited--
	return int(math.Ceil(f.retryAfter.Seconds())), true
}

// takeFailureLocked uses the first pending failure of method.
func (s *Server) takeFailureLocked(method string) (code string, failed bool) {
	f, ok := s.faults[method]
	if !ok || len(f.failures) == 0 {
		return "", false
	}
	code, f.failures = f.failures[0], f.failures[1:]
	return code, true
}
