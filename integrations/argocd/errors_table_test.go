package argocd

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestErrorModel drives each call of the Argo CD adapter through every way
// Argo CD fails and checks the error's kind and the words a person reads:
// an outage is unavailable, a limit rate limited, a refusal what Argo CD
// said, and the token never shows.
func TestErrorModel(t *testing.T) {
	ops := []struct {
		name, method string
		call         func(ctx context.Context, c *Client) error
	}{
		{"Observe", "Get", func(ctx context.Context, c *Client) error { _, err := c.Observe(ctx, "api-production"); return err }},
		{"Sync", "Sync", func(ctx context.Context, c *Client) error {
			return c.Sync(ctx, "api-production", strings.Repeat("a", 40), false)
		}},
	}
	faults := []struct {
		name  string
		err   error         // injected; nil with delay for a timeout, nil without for a refused connection
		delay time.Duration // held back beyond the client's timeout
		code  fault.Code
		words string
	}{
		{"NotFound", status.Error(codes.NotFound, "applications.argoproj.io \"api-production\" not found"), 0, fault.CodeNotFound, "has no application api-production"},
		{"AlreadyExists", status.Error(codes.AlreadyExists, "exists"), 0, fault.CodeConflict, "won't"},
		{"FailedPrecondition", status.Error(codes.FailedPrecondition, "another operation is already in progress"), 0, fault.CodeConflict, "another operation is already in progress"},
		{"InvalidArgument", status.Error(codes.InvalidArgument, "revision is not valid"), 0, fault.CodeInvalid, "revision is not valid"},
		{"PermissionDenied", status.Error(codes.PermissionDenied, "permission denied: applications, sync, default/api-production, sub: proj:default:deploybot"), 0, fault.CodeUnauthorised, "its project role needs the policy"},
		{"Unauthenticated", status.Error(codes.Unauthenticated, "invalid session"), 0, fault.CodeUnauthorised, config.EnvArgoCDAuthToken},
		{"ResourceExhausted", status.Error(codes.ResourceExhausted, "too many requests"), 0, fault.CodeRateLimited, "is limiting deploybot"},
		{"Unavailable", status.Error(codes.Unavailable, "connection reset by peer"), 0, fault.CodeUnavailable, "is not answering (unavailable)"},
		{"DeadlineExceededStatus", status.Error(codes.DeadlineExceeded, "context deadline exceeded"), 0, fault.CodeUnavailable, "is not answering (timeout)"},
		{"Timeout", nil, 5 * time.Second, fault.CodeUnavailable, "is not answering (timeout)"},
		{"Refused", nil, 0, fault.CodeUnavailable, "is not answering"},
	}
	for _, op := range ops {
		for _, f := range faults {
			t.Run(op.name+"/"+f.name, func(t *testing.T) {
				fx := newFixture(t)
				c := fx.client(t, tokAdmin, nil)
				if f.name == "Refused" {
					c = refusedClient(t)
				} else {
					c.opts.Timeout = 300 * time.Millisecond
					if _, err := c.Observe(t.Context(), "api-production"); err != nil { // connect first
						t.Fatal(err)
					}
					if f.err != nil {
						fx.srv.Inject(op.method, f.err, -1)
					} else {
						fx.srv.InjectDelay(op.method, f.delay, -1)
					}
				}
				err := op.call(t.Context(), c)
				if got := fault.ErrorCode(err); got != f.code {
					t.Fatalf("kind %q, want %q: %v", got, f.code, err)
				}
				if msg := fault.UserMessage(err); !strings.Contains(msg, f.words) {
					t.Errorf("the person reads %q; want it to say %q", msg, f.words)
				}
				for _, tok := range allTokens {
					if strings.Contains(err.Error(), tok) {
						t.Error("a token reached the error")
					}
				}
			})
		}
	}
}

// refusedClient is a client of an Argo CD whose port refuses connections.
func refusedClient(t *testing.T) *Client {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, err := New(Options{Server: addr, Plaintext: true, Token: config.NewSecret(tokBot), Timeout: time.Second,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestObserveRetriesUnavailable: Observe tries a Get getAttempts times
// while Argo CD is unavailable, backing off in between, and no more; once
// Argo CD answers within that budget the caller never sees the blip.
func TestObserveRetriesUnavailable(t *testing.T) {
	fx := newFixture(t)
	s := newSleeper(false)
	c := fx.client(t, tokAdmin, s)
	fx.srv.Inject("Get", status.Error(codes.Unavailable, "connection reset by peer"), -1)
	fx.srv.ResetCalls()
	if _, err := c.Observe(t.Context(), "api-production"); fault.ErrorCode(err) != fault.CodeUnavailable {
		t.Fatalf("Observe = %v, want unavailable", err)
	}
	if n := fx.srv.Calls()["Get"]; n != getAttempts {
		t.Errorf("%d Gets, want %d", n, getAttempts)
	}
	if n := len(s.calls); n != getAttempts-1 {
		t.Errorf("%d waits, want %d", n, getAttempts-1)
	}
	fx.srv.Inject("Get", status.Error(codes.Unavailable, "connection reset by peer"), getAttempts-1)
	if _, err := c.Observe(t.Context(), "api-production"); err != nil {
		t.Errorf("Observe after %d blips = %v, want the app", getAttempts-1, err)
	}
}
