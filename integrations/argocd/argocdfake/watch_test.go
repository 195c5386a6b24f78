package argocdfake

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// event is what a test checks of an ApplicationWatchEvent.
type event struct {
	Type, App, Sync, Health, Phase string
}

func recv(t *testing.T, s application.ApplicationService_WatchClient) event {
	t.Helper()
	ev, err := s.Recv()
	if err != nil {
		t.Fatalf("Recv: %v", err)
	}
	a := ev.Application
	e := event{Type: string(ev.Type), App: a.Name, Sync: string(a.Status.Sync.Status), Health: string(a.Status.Health.Status)}
	if a.Status.OperationState != nil {
		e.Phase = string(a.Status.OperationState.Phase)
	}
	return e
}

// TestWatch follows one app through a manual rollout over a Watch stream.
func TestWatch(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	stream, err := c.Watch(withTimeout(t, 20*time.Second), &application.ApplicationQuery{Name: ptr("api-production")})
	if err != nil {
		t.Fatal(err)
	}
	const app = "api-production"
	steps := []struct {
		name string
		act  func()
		want event
	}{
		{"Subscribed", func() {}, event{"ADDED", app, "Synced", "Healthy", "Succeeded"}},
		{"Merged", func() { f.src.Commit(repo, "main", prodFile, stgFile); f.advance(t, time.Minute) },
			event{"MODIFIED", app, "OutOfSync", "Healthy", "Succeeded"}},
		{"SyncRequested", func() {
			if _, err := c.Sync(t.Context(), &application.ApplicationSyncRequest{Name: ptr(app)}); err != nil {
				t.Fatal(err)
			}
		}, event{"MODIFIED", app, "OutOfSync", "Healthy", ""}},
		{"Running", func() { f.advance(t, 0) }, event{"MODIFIED", app, "OutOfSync", "Healthy", "Running"}},
		{"Succeeded", func() { f.advance(t, 5*time.Second) }, event{"MODIFIED", app, "OutOfSync", "Healthy", "Succeeded"}},
		{"Refreshed", func() { f.advance(t, 2*time.Second) }, event{"MODIFIED", app, "Synced", "Progressing", "Succeeded"}},
		{"Healthy", func() { f.advance(t, 30*time.Second) }, event{"MODIFIED", app, "Synced", "Healthy", "Succeeded"}},
		{"Deleted", func() {
			if err := f.srv.RemoveApp(app); err != nil {
				t.Fatal(err)
			}
		}, event{"DELETED", app, "Synced", "Healthy", "Succeeded"}},
	}
	for _, st := range steps {
		st.act()
		if diff := cmp.Diff(st.want, recv(t, stream)); diff != "" {
			t.Fatalf("%s: event (-want +got):\n%s", st.name, diff)
		}
	}
}

// TestWatchAll: without a name every app the token may get is streamed.
func TestWatchAll(t *testing.T) {
	f := newFixture(t)
	f.addApp(t, AppSpec{Name: "web-production", Repo: repo, Paths: []string{"web"}})
	stream, err := f.client(t, tokSync).Watch(withTimeout(t, 20*time.Second), &application.ApplicationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []event
	for range 2 {
		got = append(got, recv(t, stream))
	}
	f.src.Commit(repo, "main", "web/deployment.yaml")
	f.advance(t, time.Minute) // web-production goes OutOfSync: filtered out
	if err := f.srv.SetHealth("api-staging", "Degraded", "boom"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		got = append(got, recv(t, stream))
	}
	want := []event{
		{"ADDED", "api-production", "Synced", "Healthy", "Succeeded"},
		{"ADDED", "api-staging", "Synced", "Healthy", "Succeeded"},
		{"MODIFIED", "api-production", "Synced", "Healthy", "Succeeded"}, // new compared revision
		{"MODIFIED", "api-staging", "Synced", "Healthy", "Succeeded"},
		{"MODIFIED", "api-staging", "Synced", "Degraded", "Succeeded"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestCutWatches(t *testing.T) {
	tests := []struct {
		name    string
		cut     func(*Server) int
		wantErr error // io.EOF or a status error
	}{
		{"ErrUnavailable", (*Server).CutWatches, status.Error(codes.Unavailable, "argocdfake: watch stream cut")},
		{"ErrInternal", func(s *Server) int {
			return s.CutWatchesWith(status.Error(codes.Internal, "stream terminated by RST_STREAM with error code: INTERNAL_ERROR"))
		}, status.Error(codes.Internal, "stream terminated by RST_STREAM with error code: INTERNAL_ERROR")},
		{"ErrEOF", func(s *Server) int { return s.CutWatchesWith(nil) }, io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokAdmin)
			q := &application.ApplicationQuery{Name: ptr("api-staging")}
			stream, err := c.Watch(withTimeout(t, 20*time.Second), q)
			if err != nil {
				t.Fatal(err)
			}
			recv(t, stream)
			if n := tt.cut(f.srv); n != 1 {
				t.Fatalf("cut %d streams, want 1", n)
			}
			_, err = stream.Recv()
			if tt.wantErr == io.EOF && !errors.Is(err, io.EOF) {
				t.Errorf("Recv error = %v, want EOF", err)
			}
			if tt.wantErr != io.EOF {
				code, msg := codeMsg(err)
				wantCode, wantMsg := codeMsg(tt.wantErr)
				if diff := cmp.Diff([2]string{wantCode, wantMsg}, [2]string{code, msg}); diff != "" {
					t.Errorf("Recv error (-want +got):\n%s", diff)
				}
			}
			// A new stream works and replays ADDED; the old one stays cut.
			again, err := c.Watch(withTimeout(t, 20*time.Second), q)
			if err != nil {
				t.Fatal(err)
			}
			want := event{"ADDED", "api-staging", "Synced", "Healthy", "Succeeded"}
			if diff := cmp.Diff(want, recv(t, again)); diff != "" {
				t.Errorf("new stream (-want +got):\n%s", diff)
			}
			if got := f.srv.Calls()["Watch"]; got != 2 {
				t.Errorf("Watch calls = %d, want 2", got)
			}
		})
	}
}

// TestManyWatchers: 200 concurrent streams (one per app, as the bot's
// watches) each get their app's events.
func TestManyWatchers(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	const n = 200
	streams := make([]application.ApplicationService_WatchClient, n)
	for i := range n {
		name := fmt.Sprintf("svc-%03d", i)
		f.addApp(t, AppSpec{Name: name, Repo: repo, Paths: []string{"apps/" + name}, Automated: true})
		s, err := c.Watch(withTimeout(t, 30*time.Second), &application.ApplicationQuery{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		streams[i] = s
	}
	for _, s := range streams {
		recv(t, s) // ADDED
	}
	if got := f.srv.Watchers(); got != n {
		t.Fatalf("Watchers() = %d, want %d", got, n)
	}
	paths := make([]string, n)
	for i := range n {
		paths[i] = fmt.Sprintf("apps/svc-%03d/values.yaml", i)
	}
	f.src.Commit(repo, "main", paths...)
	f.advance(t, time.Minute)
	for i, s := range streams {
		want := event{"MODIFIED", fmt.Sprintf("svc-%03d", i), "OutOfSync", "Healthy", "Succeeded"}
		if diff := cmp.Diff(want, recv(t, s)); diff != "" {
			t.Fatalf("stream %d (-want +got):\n%s", i, diff)
		}
	}
}
