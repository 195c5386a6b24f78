package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// TestRequestDuringOutage: a request that meets a dependency down or
// limiting deploybot is told so, in those words, with "nothing was
// changed"; nothing is recorded (no blocked promotion), nothing is posted
// and no pull request is opened. Once the dependency answers again the
// same request goes through.
func TestRequestDuringOutage(t *testing.T) {
	tests := []struct {
		name   string
		inject func(w *world)
		code   fault.Code
		words  string
	}{
		{"GitHub503", func(w *world) { w.gh.Inject(githubfake.Fault{Path: "/**", Status: 503, Times: -1}) },
			fault.CodeUnavailable, "GitHub is not answering (503)"},
		{"GitHub502Contents", func(w *world) {
			w.gh.Inject(githubfake.Fault{Path: "GET /repos/acme/gitops/contents/**", Status: 502, Times: -1})
		},
			fault.CodeUnavailable, "GitHub is not answering (502)"},
		{"GitHubSecondaryRateLimit", func(w *world) {
			w.gh.Inject(githubfake.Fault{Path: "/**", Status: 403, RetryAfter: 5 * time.Minute, Times: -1})
		}, fault.CodeRateLimited, "secondary rate limit"},
		{"ArgoCDUnavailable", func(w *world) { w.argo.Inject("Get", status.Error(codes.Unavailable, "connection refused"), -1) },
			fault.CodeUnavailable, "Argo CD at "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, nil)
			w.advance(11 * time.Minute)
			tt.inject(w)
			_, err := w.eng.Request(context.Background(), deploy.Request{Service: "api", Env: "prod",
				Requester: deploy.Person{ID: maria}, Reason: "fix the token refresh"})
			if got := fault.ErrorCode(err); got != tt.code {
				t.Fatalf("kind %q, want %q: %v", got, tt.code, err)
			}
			msg := fault.UserMessage(err)
			if !strings.Contains(msg, tt.words) || !strings.Contains(strings.ToLower(msg), "nothing was changed") || !strings.Contains(msg, "try again") {
				t.Errorf("the person reads %q; want %q and that nothing was changed", msg, tt.words)
			}
			if ps, _ := w.st.LatestPromotions("api", "production", 10); len(ps) != 0 {
				t.Errorf("recorded %s (%s); an outage must record nothing", ps[0].State, ps[0].StateReason)
			}
			if n := w.notes.count(); n != 0 || len(w.prs()) != 0 {
				t.Errorf("%d notices and %d PRs; want none", n, len(w.prs()))
			}
			if tt.code == fault.CodeRateLimited {
				return // go-github itself refuses calls until the Retry-After has passed
			}
			w.gh.ClearFaults()
			w.argo.ClearInjections()
			if p := w.request(); p.State != deploy.StatePROpen {
				t.Errorf("after the outage: %s (%s), want pr_open", p.State, p.StateReason)
			}
		})
	}
}

// TestRequestPullRequestOutage: GitHub fails only when the pull request is
// opened, after the promotion is recorded: the person is told it is kept
// and will be retried, the promotion stays requested (not cancelled), and
// the next tick opens exactly one pull request.
func TestRequestPullRequestOutage(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	w.gh.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/git/trees", Status: 503, Times: -1})
	p, err := w.eng.Request(context.Background(), deploy.Request{Service: "api", Env: "prod",
		Requester: deploy.Person{ID: maria}, Reason: "fix the token refresh"})
	if fault.ErrorCode(err) != fault.CodeUnavailable {
		t.Fatalf("kind %q: %v", fault.ErrorCode(err), err)
	}
	if msg := fault.UserMessage(err); !strings.Contains(msg, "is recorded") || !strings.Contains(msg, "GitHub is not answering (503)") {
		t.Errorf("the person reads %q", msg)
	}
	if got := w.get(p.ID); got.State != deploy.StateRequested {
		t.Fatalf("state %s (%s), want requested", got.State, got.StateReason)
	}
	_ = w.eng.Tick(context.Background()) // still down: kept
	if got := w.get(p.ID); got.State != deploy.StateRequested {
		t.Fatalf("after a tick in the outage: %s (%s), want requested", got.State, got.StateReason)
	}
	w.gh.ClearFaults()
	w.tick()
	if got := w.get(p.ID); got.State != deploy.StatePROpen || len(w.prs()) != 1 {
		t.Errorf("after the outage: %s with %d PRs, want pr_open with 1", got.State, len(w.prs()))
	}
}

// TestOutageMidPromotion: GitHub and Argo CD down in the middle of a
// promotion leave its state as it was; it goes on once they answer.
func TestOutageMidPromotion(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	p := w.request()
	w.gh.Inject(githubfake.Fault{Path: "/**", Status: 503, Times: -1})
	if _, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam}); fault.ErrorCode(err) != fault.CodeUnavailable {
		t.Fatalf("Approve while GitHub is down: %v (%s)", err, fault.ErrorCode(err))
	}
	for range 3 {
		if err := w.eng.Tick(context.Background()); fault.ErrorCode(err) != fault.CodeUnavailable {
			t.Fatalf("Tick while GitHub is down: %v (%s)", err, fault.ErrorCode(err))
		}
	}
	if got := w.get(p.ID); got.State != deploy.StateApproved || got.MergeSHA != "" {
		t.Fatalf("after ticks in the outage: %s (%s), want approved and not merged", got.State, got.StateReason)
	}
	w.gh.ClearFaults()
	w.argo.Inject("Get", status.Error(codes.Unavailable, "connection refused"), -1)
	_ = w.eng.Tick(context.Background()) // merges, then can't reach Argo CD
	if got := w.get(p.ID); got.State != deploy.StateMerged {
		t.Fatalf("after merge with Argo CD down: %s (%s), want merged", got.State, got.StateReason)
	}
	w.argo.ClearInjections()
	p = w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d PRs, want 1", n)
	}
}

// count returns how many notices were sent.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.notices)
}
