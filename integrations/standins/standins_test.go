package standins

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

func TestStart(t *testing.T) {
	ctx := context.Background()
	s, err := Start(ctx, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Run("OK", func(t *testing.T) {
		if got := s.Config.Environments[1].Watch; got != 20*time.Second {
			t.Errorf("production watch = %s, want 20s", got)
		}
		for _, name := range []string{"api-staging", "api-production", "web-staging", "web-production"} {
			app, ok := s.Argo.App(name)
			if !ok {
				t.Fatalf("no app %s", name)
			}
			since := app.Status.Health.LastTransitionTime
			if since == nil || time.Since(since.Time) < time.Hour {
				t.Errorf("%s healthy since %v, want over an hour ago", name, since)
			}
		}
		if _, err := s.GitHub.File(AppRepo, "v9.1.1", "go.mod"); err != nil {
			t.Errorf("acme/api v9.1.1: %v", err)
		}
		v, err := deploy.CurrentVersion(s.Config, gitopsFS(t, s), "api", "staging")
		if err != nil || v != "v9.1.1" {
			t.Errorf("api in staging = %q, %v; want v9.1.1", v, err)
		}
	})
	t.Run("Services", func(t *testing.T) {
		x, err := Start(ctx, Options{Dir: t.TempDir(), Services: 2})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if len(x.Config.Services) != 4 {
			t.Errorf("%d services in the config, want 4", len(x.Config.Services))
		}
		for _, name := range []string{"s002-staging", "s002-production"} {
			if _, ok := x.Argo.App(name); !ok {
				t.Errorf("no app %s", name)
			}
		}
		if _, err := x.GitHub.File(GitOpsRepo, "main", "apps/s002/overlays/production/kustomization.yaml"); err != nil {
			t.Error(err)
		}
		if len(s.Config.Services) != 2 {
			t.Errorf("default: %d services, want 2 (api, web)", len(s.Config.Services))
		}
	})
	t.Run("Freeze", func(t *testing.T) {
		now := time.Now()
		f, err := Start(ctx, Options{Dir: t.TempDir(), Freeze: []Freeze{{Start: now.Add(-time.Hour), End: now.Add(time.Hour), Reason: "incident review"}}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if n := len(f.Config.Environments[1].Freeze); n != 1 {
			t.Errorf("production has %d freeze windows, want 1", n)
		}
	})
}

// gitopsFS returns api's staging file on main as a file system.
func gitopsFS(t *testing.T, s *StandIns) fs.FS {
	t.Helper()
	const p = "environments/staging/api/config.yaml"
	b, err := s.GitHub.File(GitOpsRepo, "main", p)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{p: &fstest.MapFile{Data: b}}
}
