package github

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// Retry defaults.
const (
	defaultMaxAttempts = 4
	defaultMaxWait     = time.Minute
	serverErrorBackoff = time.Second // first wait after a 5xx or network error
	rateLimitBackoff   = time.Minute // first wait after a secondary rate limit without Retry-After, as GitHub asks
)

// RetryPolicy bounds how the client retries a failed request.
type RetryPolicy struct {
	// MaxAttempts is how often one request is tried, the first time
	// included; default 4.
	MaxAttempts int
	// MaxWait is the longest wait before a retry. Backoff is capped at it;
	// a Retry-After (or rate-limit reset) further away is not waited for:
	// the error is returned at once. Default one minute.
	MaxWait time.Duration
	// Sleep waits d or until ctx is done, returning ctx.Err() then; tests
	// inject one that records the waits and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// withDefaults fills in the zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = defaultMaxAttempts
	}
	if p.MaxWait <= 0 {
		p.MaxWait = defaultMaxWait
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return p
}

// backoff returns the wait before attempt+1: first doubled attempt-1
// times, plus up to a quarter of jitter, capped at MaxWait.
func (p RetryPolicy) backoff(attempt int, first time.Duration) time.Duration {
	d := first << min(attempt-1, 20)
	if d <= 0 || d > p.MaxWait {
		d = p.MaxWait
	}
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	return min(d, p.MaxWait)
}

// sleep waits d unless ctx is done first. integrations/argocd has the
// same function; why each adapter keeps its own is written there.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryTransport retries rate-limited requests, and 5xx answers and
// network errors of requests that are safe to repeat (see safeToRepeat).
type retryTransport struct {
	next   http.RoundTripper
	policy RetryPolicy
	log    *slog.Logger
}

// RoundTrip sends req, retrying as the policy allows. It returns the last
// answer, or the context's error when it ends during a wait.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		try, err := rewind(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.next.RoundTrip(try)
		wait, reason := t.retryAfter(req, resp, err, attempt)
		t.log.Debug("github request", "method", req.Method, "path", req.URL.Path, "status", statusOf(resp), "attempt", attempt)
		if reason == "" {
			return resp, err
		}
		discard(resp)
		t.log.Warn("retrying GitHub request", "method", req.Method, "path", req.URL.Path,
			"reason", reason, "attempt", attempt, "wait", wait)
		if err := t.policy.Sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// retryAfter decides whether to retry and after how long; an empty reason
// means no retry.
func (t *retryTransport) retryAfter(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, string) {
	if attempt >= t.policy.MaxAttempts || req.Context().Err() != nil || !rewindable(req) {
		return 0, ""
	}
	var wait time.Duration
	var reason string
	switch {
	case err != nil:
		if !safeToRepeat(req) {
			return 0, ""
		}
		wait, reason = t.policy.backoff(attempt, serverErrorBackoff), "network error"
	case isRateLimited(resp):
		wait, reason = t.rateLimitWait(resp, attempt), "rate limited"
	case isServerError(resp.StatusCode) && safeToRepeat(req):
		wait, reason = t.policy.backoff(attempt, serverErrorBackoff), resp.Status
		if d, ok := retryAfterHeader(resp); ok {
			wait = d
		}
	default:
		return 0, ""
	}
	if wait > t.policy.MaxWait || !fitsDeadline(req.Context(), wait) {
		return 0, ""
	}
	return wait, reason
}

// rateLimitWait is how long a rate-limited answer asks to wait:
// Retry-After, else until X-RateLimit-Reset when the quota is used up,
// else exponential backoff from a minute (capped at MaxWait).
func (t *retryTransport) rateLimitWait(resp *http.Response, attempt int) time.Duration {
	if d, ok := retryAfterHeader(resp); ok {
		return d
	}
	if d, ok := resetHeader(resp); ok {
		return d
	}
	return t.policy.backoff(attempt, rateLimitBackoff)
}

// fitsDeadline reports whether ctx leaves time to wait d.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// isServerError reports the 5xx answers worth retrying.
func isServerError(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// statusOf returns resp's status code, or 0 without an answer.
func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}
