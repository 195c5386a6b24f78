package argocd

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// waitWatchers waits until the fake has n open Watch streams.
func (f *fixture) waitWatchers(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for f.srv.Watchers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d watch streams open, want %d", f.srv.Watchers(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// calls returns the fake's Get and Watch call counts.
func (f *fixture) calls() [2]int {
	c := f.srv.Calls()
	return [2]int{c["Get"], c["Watch"]}
}

// TestWatchReconnects cuts the stream, changes the app while the client
// is backing off, and checks that the reconnect re-reads it with Get and
// that changes keep flowing on the new stream.
func TestWatchReconnects(t *testing.T) {
	f := newFixture(t)
	s := newSleeper(true)
	c := f.client(t, tokBot, s)
	admin := f.client(t, tokAdmin, nil)
	w := startWatch(t, c, "api-production")
	if diff := cmp.Diff(deployedAtStart(f), w.next(t)); diff != "" {
		t.Fatalf("first state (-want +got):\n%s", diff)
	}
	f.waitWatchers(t, 1)
	sha := f.merge(prodFile)
	f.advance(t, time.Minute)
	if r := w.next(t); r.SyncStatus != "OutOfSync" || r.ComparedRevision != sha {
		t.Fatalf("after merge: %+v, want OutOfSync at %s", r, sha)
	}

	if n := f.srv.CutWatches(); n != 1 {
		t.Fatalf("cut %d streams, want 1", n)
	}
	if d := s.wait(t); d < 500*time.Millisecond || d > time.Second {
		t.Errorf("first backoff = %s, want within [500ms, 1s]", d)
	}
	if err := admin.Sync(t.Context(), "api-production", sha, false); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 0) // the sync starts while the watch is down
	if diff := cmp.Diff([2]int{1, 1}, f.calls()); diff != "" {
		t.Errorf("calls before reconnect (-want +got):\n%s", diff)
	}
	s.release <- struct{}{}
	if r := w.next(t); r.OperationPhase != "Running" || r.OperationRevision != sha {
		t.Fatalf("after reconnect: %+v, want the running sync read by Get", r)
	}
	f.waitWatchers(t, 1)
	if diff := cmp.Diff([2]int{2, 2}, f.calls()); diff != "" {
		t.Errorf("calls after reconnect (-want +got):\n%s", diff)
	}
	f.advance(t, 5*time.Second)
	f.advance(t, 2*time.Second)
	f.advance(t, 30*time.Second)
	r := w.until(t, func(r deploy.Rollout) bool { return r.Health == "Healthy" && r.SyncStatus == "Synced" })
	if !r.ReconciledAt.Equal(at(time.Minute + 37*time.Second)) {
		t.Errorf("healthy at %v, want reconciled at +1m37s", r.ReconciledAt)
	}
}

// TestWatchBackoff: failed reconnects back off exponentially up to Max; a
// connection that delivered a change starts again from Min.
func TestWatchBackoff(t *testing.T) {
	f := newFixture(t)
	s := newSleeper(false)
	c := f.client(t, tokBot, s)
	f.srv.Inject("Get", status.Error(codes.Unavailable, "connection refused"), 4)
	w := startWatch(t, c, "api-production")
	var got []time.Duration
	for range 4 {
		got = append(got, s.wait(t))
	}
	w.next(t) // the fifth Get worked
	f.waitWatchers(t, 1)
	f.srv.CutWatches() // nothing new came on that stream: keep growing
	got = append(got, s.wait(t))
	w.next(t)
	f.waitWatchers(t, 1)
	f.merge(prodFile)
	f.advance(t, time.Minute)
	w.next(t) // a change came: the next delay starts from Min again
	f.srv.CutWatchesWith(nil)
	got = append(got, s.wait(t))
	w.next(t)

	nominal := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, time.Second}
	for i, d := range got {
		if d < nominal[i]/2 || d > nominal[i] {
			t.Errorf("delay %d = %s, want within [%s, %s]", i, d, nominal[i]/2, nominal[i])
		}
	}
	if len(got) != len(nominal) {
		t.Errorf("%d delays, want %d", len(got), len(nominal))
	}
}

func TestWatchFatal(t *testing.T) {
	hidden := "Argo CD has no application %s, or the token may not see it; check the name (argocdApp in deploybot.yaml) and the project role"
	tests := []struct {
		name   string
		token  string
		app    string
		during func(*testing.T, *fixture)
		want   errResult
	}{
		{"ErrNoSuchApp", tokBot, "api-prod", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "api-prod")}},
		{"ErrHidden", tokBot, "web-production", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "web-production")}},
		{"ErrBadToken", tokWrong, "api-production", nil, errResult{fault.CodeUnauthorised,
			"Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN): it is missing, invalid or expired; issue a new token for the bot's project role"}},
		{"ErrBadName", tokBot, "/x", nil, errResult{fault.CodeInvalid, `"/x" is not an Argo CD application name (name or namespace/name)`}},
		{"ErrDeletedWhileWatched", tokBot, "api-production", func(t *testing.T, f *fixture) {
			if err := f.srv.RemoveApp("api-production"); err != nil {
				t.Fatal(err)
			}
		}, errResult{fault.CodeNotFound,
			"Argo CD application api-production is gone from project default: it was deleted, renamed or moved where the token can't see it; check argocdApp in deploybot.yaml"}},
		{"ErrTokenRevokedWhileWatched", tokBot, "api-production", func(t *testing.T, f *fixture) {
			f.srv.Inject("Get", status.Error(codes.Unauthenticated, "invalid session: token is revoked"), 0)
			f.srv.CutWatches()
		}, errResult{fault.CodeUnauthorised,
			"Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN): it is missing, invalid or expired; issue a new token for the bot's project role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			s := newSleeper(false)
			c := f.client(t, tt.token, s)
			w := startWatch(t, c, tt.app)
			if tt.during != nil {
				w.next(t)
				f.waitWatchers(t, 1)
				tt.during(t, f)
			}
			if diff := cmp.Diff(tt.want, errOf(t, w.result(t))); diff != "" {
				t.Errorf("Watch error (-want +got):\n%s", diff)
			}
			if tt.name != "ErrTokenRevokedWhileWatched" && len(s.calls) != 0 {
				t.Errorf("Watch backed off %d times before a fatal error, want 0", len(s.calls))
			}
		})
	}
}

// TestWatchCancel: Watch returns ctx's error, also while backing off.
func TestWatchCancel(t *testing.T) {
	f := newFixture(t)
	s := newSleeper(true)
	c := f.client(t, tokBot, s)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Watch(ctx, "api-production", func(deploy.Rollout) {}) }()
	f.waitWatchers(t, 1)
	f.srv.CutWatches()
	s.wait(t)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Watch = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not return after cancel")
	}
}

// TestWatchClientClosed: closing the Client ends its watches.
func TestWatchClientClosed(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokBot, nil)
	done := make(chan error, 1)
	go func() { done <- c.Watch(t.Context(), "api-production", func(deploy.Rollout) {}) }()
	f.waitWatchers(t, 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, errClosed) {
			t.Errorf("Watch = %v, want errClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not return after Close")
	}
}
