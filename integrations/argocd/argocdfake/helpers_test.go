package argocdfake

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient"
	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"google.golang.org/grpc/status"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

const (
	repo     = "acme/gitops"
	prodFile = "environments/production/api/config.yaml"
	stgFile  = "environments/staging/api/config.yaml"

	tokAdmin = "tok-admin"
	tokRead  = "tok-read"
	tokSync  = "tok-sync"
)

// fixture is a running server with a MemSource, a FakeClock and two apps:
// api-production (manual sync) and api-staging (automated).
type fixture struct {
	srv   *Server
	src   *MemSource
	clock *FakeClock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	src := NewMemSource()
	src.Commit(repo, "main", prodFile, stgFile)
	clock := NewFakeClock(t0)
	srv, err := New(Options{
		Source: src,
		Clock:  clock,
		Tokens: map[string]Permissions{
			tokAdmin: AllowAll("admin"),
			tokRead:  {Subject: "deploybot-ro", Get: []string{"default/*"}},
			tokSync:  {Subject: "deploybot", Get: []string{"default/api-*"}, Sync: []string{"default/api-staging"}},
		},
		Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	f := &fixture{srv: srv, src: src, clock: clock}
	f.addApp(t, AppSpec{Name: "api-production", Repo: repo, Namespace: "api", Deployment: "api",
		Path: "environments/production/api", Paths: []string{prodFile},
		Images: []string{"ghcr.io/acme/api:{short}"}})
	f.addApp(t, AppSpec{Name: "api-staging", Repo: repo, Namespace: "api-staging", Deployment: "api",
		Path: "environments/staging/api", Paths: []string{stgFile}, Automated: true,
		Images: []string{"ghcr.io/acme/api:{short}"}})
	return f
}

func (f *fixture) addApp(t *testing.T, spec AppSpec) {
	t.Helper()
	if err := f.srv.AddApp(t.Context(), spec); err != nil {
		t.Fatal(err)
	}
}

// client dials the server with the real argo-cd apiclient, never reading
// a local argocd config.
func (f *fixture) client(t *testing.T, token string) application.ApplicationServiceClient {
	t.Helper()
	c, err := apiclient.NewClient(&apiclient.ClientOptions{
		ServerAddr: f.srv.Addr(),
		PlainText:  true,
		AuthToken:  token,
		ConfigPath: filepath.Join(t.TempDir(), "argocd-config"),
	})
	if err != nil {
		t.Fatal(err)
	}
	closer, appc, err := c.NewApplicationClient()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closer.Close() })
	return appc
}

func (f *fixture) advance(t *testing.T, d time.Duration) {
	t.Helper()
	if err := f.srv.Advance(t.Context(), d); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) script(t *testing.T, name string, sc Script) {
	t.Helper()
	if err := f.srv.Script(name, sc); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, c application.ApplicationServiceClient, name string) *v1alpha1.Application {
	t.Helper()
	a, err := c.Get(t.Context(), &application.ApplicationQuery{Name: &name})
	if err != nil {
		t.Fatalf("Get %s: %v", name, err)
	}
	return a
}

// view is what a deploy watcher looks at in an Application.
type view struct {
	Sync, SyncRevision, Health      string
	Phase, OpMessage, OpRevision    string
	Operation                       bool
	ReconciledAt, StartedAt, Finish time.Time
	History                         int
	Images                          []string
}

func viewOf(a *v1alpha1.Application) view {
	v := view{
		Sync: string(a.Status.Sync.Status), SyncRevision: a.Status.Sync.Revision,
		Health: string(a.Status.Health.Status), Operation: a.Operation != nil,
		History: len(a.Status.History), Images: a.Status.Summary.Images,
	}
	if a.Status.ReconciledAt != nil {
		v.ReconciledAt = a.Status.ReconciledAt.UTC()
	}
	if st := a.Status.OperationState; st != nil {
		v.Phase, v.OpMessage, v.StartedAt = string(st.Phase), st.Message, st.StartedAt.UTC()
		if st.SyncResult != nil {
			v.OpRevision = st.SyncResult.Revision
		}
		if st.FinishedAt != nil {
			v.Finish = st.FinishedAt.UTC()
		}
	}
	return v
}

func ptr[T any](v T) *T { return &v }

func codeMsg(err error) (string, string) {
	if err == nil {
		return "OK", ""
	}
	st := status.Convert(err)
	return st.Code().String(), st.Message()
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func syncReq(name, revision string) *application.ApplicationSyncRequest {
	return &application.ApplicationSyncRequest{Name: &name, Revision: &revision}
}
