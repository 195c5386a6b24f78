package slackfake

import (
	"math"
	"time"
)

// fault is what is pending for one method; guarded by Server.mu.
type fault struct {
	limited    int           // how many more calls get 429
	retryAfter time.Duration // their Retry-After
	failures   []string      // error codes for the next calls, in order
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
