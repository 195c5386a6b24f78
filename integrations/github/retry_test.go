package github_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

func TestRetry(t *testing.T) {
	ctx := context.Background()
	t.Run("OKSecondaryRateLimitRetryAfter", func(t *testing.T) {
		e := newEnv(t)
		e.srv.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/git/trees", Status: 403, RetryAfter: 2 * time.Second})
		_, pr := e.open(t, "p42", apiProd)
		if diff := cmp.Diff([]time.Duration{2 * time.Second}, e.waits.all()); diff != "" || pr.Number != 1 {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
		if e.srv.CountRequests("POST /repos/acme/gitops/git/trees") != 2 {
			t.Errorf("requests:\n%s", strings.Join(e.requests(), "\n"))
		}
	})
	t.Run("OK429WithoutRetryAfter", func(t *testing.T) {
		e := newEnv(t)
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/main", Status: 429})
		_, err := e.c.Head(ctx)
		must(t, err)
		// GitHub asks to wait at least a minute; MaxWait (1m) caps it.
		if diff := cmp.Diff([]time.Duration{time.Minute}, e.waits.all()); diff != "" {
			t.Errorf("waits (-want +got):\n%s", diff)
		}
	})
	t.Run("OKBadGateway", func(t *testing.T) {
		e := newEnv(t)
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/contents/**", Status: 502, Times: 2})
		e.open(t, "p42", apiProd)
		waits := e.waits.all()
		if len(waits) != 2 || waits[0] < time.Second || waits[0] > 1250*time.Millisecond ||
			waits[1] < 2*time.Second || waits[1] > 2500*time.Millisecond {
			t.Errorf("waits = %v, want about 1s and 2s (exponential, with up to 25%% jitter)", waits)
		}
	})
	t.Run("OKCreatePullNotRepeatedBlindly", func(t *testing.T) {
		e := newEnv(t)
		e.srv.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/pulls", Status: 500})
		e.open(t, "p42", apiProd)
		got := e.requests()[len(e.requests())-4:]
		want := []string{
			"POST /repos/acme/gitops/pulls 500",
			"GET /repos/acme/gitops/pulls 200", // did the first attempt open it after all?
			"POST /repos/acme/gitops/pulls 201",
			"POST /repos/acme/gitops/issues/1/labels 200",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrRetryAfterBeyondMaxWait", func(t *testing.T) {
		e := newEnv(t, func(o *github.Options) { o.Retry.MaxWait = 10 * time.Second })
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/main", Status: 403, RetryAfter: 2 * time.Minute})
		_, err := e.c.Head(ctx)
		if fault.ErrorCode(err) != fault.CodeRateLimited || !strings.Contains(err.Error(), "secondary rate limit") || len(e.waits.all()) != 0 {
			t.Fatalf("err = %v, waits %v; want rate limited at once", err, e.waits.all())
		}
		// go-github now refuses calls itself until the Retry-After passes.
		_, err = e.c.Head(ctx)
		if fault.ErrorCode(err) != fault.CodeRateLimited || len(e.srv.Requests()) != 1 {
			t.Errorf("second Head: %v after %d requests; want rate limited without a request", err, len(e.srv.Requests()))
		}
	})
	t.Run("ErrQuotaUsedUp", func(t *testing.T) {
		e := newEnv(t)
		reset := time.Now().Add(time.Hour).Unix()
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/main", Status: 403, Message: "API rate limit exceeded",
			Header: http.Header{"X-RateLimit-Remaining": {"0"}, "X-RateLimit-Reset": {strconv.FormatInt(reset, 10)}}})
		_, err := e.c.Head(ctx)
		if fault.ErrorCode(err) != fault.CodeRateLimited || !strings.Contains(err.Error(), "quota") {
			t.Errorf("err = %v, want rate limited by the quota", err)
		}
	})
	t.Run("ErrServerErrorsExhausted", func(t *testing.T) {
		e := newEnv(t)
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/main", Status: 502, Times: -1})
		_, err := e.c.Head(ctx)
		if fault.ErrorCode(err) != fault.CodeUnavailable || !strings.Contains(err.Error(), "GitHub is not answering (502)") {
			t.Errorf("err = %v", err)
		}
		if n, w := len(e.srv.Requests()), len(e.waits.all()); n != 4 || w != 3 {
			t.Errorf("%d requests and %d waits, want 4 attempts and 3 waits", n, w)
		}
	})
	t.Run("ErrCancelledWhileWaiting", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		e := newEnv(t, func(o *github.Options) {
			o.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
		})
		e.srv.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/commits/main", Status: 502, Times: -1})
		if _, err := e.c.Head(cctx); err == nil || len(e.srv.Requests()) != 1 {
			t.Errorf("Head cancelled during the wait: %v after %d requests; want an error after 1", err, len(e.srv.Requests()))
		}
	})
}
