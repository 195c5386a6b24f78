package deploy

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/yamledit"
)

// Revisions for the environment-wide tests.
const (
	revS1 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	revS2 = "b2c3d4e5f60718293a4b5c6d7e8f9012345678a1"
	revS3 = "c3d4e5f60718293a4b5c6d7e8f9012345678a1b2"
	revP1 = "f9e8d7c6b5a4938271605f4e3d2c1b0a98765432"
)

// envWideRepo is promotions-envwide with production all on one default
// and no generated files there yet.
func envWideRepo(t *testing.T) fstest.MapFS {
	t.Helper()
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"promotions/staging.yaml": file("revision: " + revS1 + "\ncomponents:\n  checkout:\n    revision: " + revS2 +
			"\n  worker:\n    revision: " + revS3 + "\n"),
		"promotions/production.yaml": file("# production\nrevision: " + revP1 + "\n"),
	}
}

// runs returns what each service runs according to an environment-wide
// file, and which services have an override.
func runs(t *testing.T, data []byte, services []string) (map[string]string, []string) {
	t.Helper()
	key, _ := yamledit.ParseKeyPath("revision")
	got := map[string]string{}
	var overridden []string
	for _, s := range services {
		v, o, err := yamledit.ReadComponent(data, key, s)
		if err != nil {
			t.Fatalf("%s: %v\n%s", s, err, data)
		}
		got[s] = v
		if o {
			overridden = append(overridden, s)
		}
	}
	return got, overridden
}

func TestPlanEnvWide(t *testing.T) {
	cfg, _ := loadLayout(t, "promotions-envwide")
	services := cfg.ServiceNames() // api, checkout, web, worker
	t.Run("OKAllMostCommonBecomesDefault", func(t *testing.T) {
		plan, err := NewPlan(cfg, envWideRepo(t), PlanRequest{Service: AllServices, Env: "production"})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range plan.Files {
			files[f.Path] = string(f.New)
		}
		got, overridden := runs(t, []byte(files["promotions/production.yaml"]), services)
		want := map[string]string{"api": revS1, "checkout": revS2, "web": revS1, "worker": revS3}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("runs (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"checkout", "worker"}, overridden); diff != "" {
			t.Errorf("overrides (-want +got):\n%s", diff)
		}
		for s, rev := range want {
			if diff := cmp.Diff("revision: "+rev+"\n", files["promotions/production/"+s+".yaml"]); diff != "" {
				t.Errorf("generated file of %s (-want +got):\n%s", s, diff)
			}
		}
	})
	t.Run("OKOneSetsOverride", func(t *testing.T) {
		plan, err := NewPlan(cfg, envWideRepo(t), PlanRequest{Service: "worker", Env: "production"})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Files) != 5 { // production.yaml and four generated files
			t.Fatalf("%d files, want 5: %s", len(plan.Files), UnifiedDiff(plan.Files))
		}
		got, overridden := runs(t, plan.Files[0].New, services)
		want := map[string]string{"api": revP1, "checkout": revP1, "web": revP1, "worker": revS3}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("runs (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"worker"}, overridden); diff != "" {
			t.Errorf("overrides (-want +got):\n%s", diff)
		}
	})
}
