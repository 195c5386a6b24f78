package githubfake

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestFaults checks injected failures as go-github sees them.
func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantCode   int
		wantAbuse  bool
		wantRetry  string // Retry-After header
		failsTimes int
	}{
		{name: "ErrSecondaryRateLimit", fault: Fault{Path: "POST /repos/acme/gitops/pulls", Status: 403, RetryAfter: 1500 * time.Millisecond},
			wantCode: 403, wantAbuse: true, wantRetry: "2", failsTimes: 1},
		{name: "ErrSecondaryRateLimitNoRetryAfter", fault: Fault{Method: "post", Path: "/repos/*/gitops/pulls", Status: 403},
			wantCode: 403, wantAbuse: true, failsTimes: 1},
		{name: "ErrTooManyRequests", fault: Fault{Path: "/repos/acme/gitops/**", Status: 429, RetryAfter: time.Second, Times: 2},
			wantCode: 429, wantRetry: "1", failsTimes: 2},
		{name: "ErrBadGateway", fault: Fault{Path: "POST /repos/acme/gitops/pulls", Status: 502}, wantCode: 502, failsTimes: 1},
		{name: "ErrUnprocessable", fault: Fault{Path: "POST /repos/acme/gitops/pulls", Status: 422, Message: "Validation Failed"},
			wantCode: 422, failsTimes: 1},
		{name: "OKOtherMethod", fault: Fault{Path: "GET /repos/acme/gitops/pulls", Status: 500}, failsTimes: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			_, err := srv.PushCommit(gitops, "p1", "bob", "change", map[string][]byte{configPath: configV2})
			must(t, err)
			srv.Inject(tt.fault)
			srv.ResetRequests()
			for i := 0; i <= tt.failsTimes; i++ {
				c := clientFor(t, srv, botToken) // fresh: go-github remembers Retry-After
				_, resp, err := c.PullRequests.Create(context.Background(), "acme", "gitops", &github.NewPullRequest{
					Title: github.String("t"), Head: github.String("p1"), Base: github.String("main")})
				if i == tt.failsTimes {
					must(t, err)
					break
				}
				code, _ := statusOf(err)
				var abuse *github.AbuseRateLimitError
				if code != tt.wantCode || errors.As(err, &abuse) != tt.wantAbuse || resp.Header.Get("Retry-After") != tt.wantRetry {
					t.Fatalf("attempt %d: %d abuse=%v retry=%q (%v)", i, code, errors.As(err, &abuse), resp.Header.Get("Retry-After"), err)
				}
				if tt.wantRetry != "" && tt.wantAbuse && abuse.GetRetryAfter() != 2*time.Second {
					t.Errorf("RetryAfter = %v", abuse.GetRetryAfter())
				}
			}
			var statuses []int
			for _, r := range srv.Requests() {
				statuses = append(statuses, r.Status)
			}
			want := make([]int, tt.failsTimes, tt.failsTimes+1)
			for i := range want {
				want[i] = tt.wantCode
			}
			if diff := cmp.Diff(append(want, http.StatusCreated), statuses); diff != "" {
				t.Errorf("request log statuses (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFaultForever checks Times < 0 and ClearFaults.
func TestFaultForever(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	srv.Inject(Fault{Path: "GET /repos/acme/gitops", Status: 500, Times: -1})
	for i := 0; i < 3; i++ {
		if _, _, err := c.Repositories.Get(context.Background(), "acme", "gitops"); err == nil {
			t.Fatal("fault did not fire")
		}
	}
	srv.ClearFaults()
	if _, _, err := c.Repositories.Get(context.Background(), "acme", "gitops"); err != nil {
		t.Fatal(err)
	}
	if got := srv.CountRequests("GET /repos/acme/gitops"); got != 4 {
		t.Errorf("CountRequests = %d, want 4", got)
	}
}

func TestMatchPath(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/repos/acme/gitops/pulls", "/repos/acme/gitops/pulls", true},
		{"/repos/acme/gitops/pulls", "/repos/acme/gitops/pulls/1", false},
		{"/repos/*/gitops/pulls/*", "/repos/acme/gitops/pulls/1", true},
		{"/repos/acme/gitops/**", "/repos/acme/gitops/git/refs/heads/a/b", true},
		{"/repos/acme/gitops/**", "/repos/acme/api/pulls", false},
		{"**", "/user", true},
		{"", "/anything", true},
		{"/repos/acme/gitops/git/refs/heads/deploybot-*", "/repos/acme/gitops/git/refs/heads/deploybot-1", true},
	}
	for _, tt := range tests {
		if got := matchPath(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchPath(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}
