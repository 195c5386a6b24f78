package deploy

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// configLayout loads the "config" sample layout into a memRepo.
func configLayout(t *testing.T) (*config.Config, *memRepo) {
	t.Helper()
	cfg, err := config.Load("../testdata/layouts/config/deploybot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	root := os.DirFS("../testdata/layouts/config/repo")
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, newMemRepo(files)
}

func TestReplan(t *testing.T) {
	const prodAPI = "environments/production/api/config.yaml"
	ctx := context.Background()
	req := PlanRequest{Service: "api", Env: "prod"}
	// setup plans api's promotion at the current head.
	setup := func(t *testing.T) (*config.Config, *memRepo, Plan, string) {
		cfg, r := configLayout(t)
		fsys, _ := r.Snapshot(ctx, r.head)
		plan, err := NewPlan(cfg, fsys, req)
		if err != nil {
			t.Fatal(err)
		}
		return cfg, r, plan, r.head
	}
	t.Run("OKSameHead", func(t *testing.T) {
		cfg, r, plan, base := setup(t)
		reads := r.reads
		got, head, err := Replan(cfg, ctx, r, req, plan, base)
		if err != nil || head != base || r.reads != reads {
			t.Fatalf("Replan = %s, %v (reads %d → %d); want the base, no reads", head, err, reads, r.reads)
		}
		if diff := cmp.Diff(plan, got); diff != "" {
			t.Errorf("plan (-want +got):\n%s", diff)
		}
	})
	t.Run("OKOtherFileMoved", func(t *testing.T) {
		cfg, r, plan, base := setup(t)
		head := r.push("sam", "bump billing", map[string]string{"environments/production/billing/config.yaml": "service:\n  chartTag: billing-v2.0.9\n"})
		got, gotHead, err := Replan(cfg, ctx, r, req, plan, base)
		if err != nil || gotHead != head {
			t.Fatalf("Replan = %s, %v; want head %s", gotHead, err, head)
		}
		if diff := cmp.Diff(plan, got); diff != "" {
			t.Errorf("plan (-want +got):\n%s", diff)
		}
	})
	t.Run("OKSameFileOtherKey", func(t *testing.T) {
		cfg, r, plan, base := setup(t)
		scaled := strings.Replace(string(plan.Files[0].Old), "replicas: 4", "replicas: 6", 1)
		r.push("sam", "scale api", map[string]string{prodAPI: scaled})
		// The upstream moving on must not change the target version.
		r.push("ci", "staging api v9.2.0", map[string]string{"environments/staging/api/config.yaml": strings.Replace(
			r.commits[r.head].files["environments/staging/api/config.yaml"], "api-v9.1.1", "api-v9.2.0", 1)})
		got, _, err := Replan(cfg, ctx, r, req, plan, base)
		if err != nil {
			t.Fatal(err)
		}
		want := []FileChange{{Path: prodAPI, Old: []byte(scaled),
			New: []byte(strings.Replace(scaled, "api-v9.1.0", "api-v9.1.1", 1))}}
		if diff := cmp.Diff(want, got.Files); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrSameKey", func(t *testing.T) {
		cfg, r, plan, base := setup(t)
		sha := r.push("alice", "hotfix api", map[string]string{prodAPI: strings.Replace(string(plan.Files[0].Old), "api-v9.1.0", "api-v9.1.2", 1)})
		_, _, err := Replan(cfg, ctx, r, req, plan, base)
		if fault.ErrorCode(err) != fault.CodeConflict {
			t.Fatalf("err = %v, want a conflict", err)
		}
		for _, want := range []string{prodAPI, "alice", sha[:7], "9.1.2", "Nothing was pushed"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not mention %q", err, want)
			}
		}
	})
	t.Run("ErrAlreadyPromoted", func(t *testing.T) {
		cfg, r, plan, base := setup(t)
		r.push("bob", "promote by hand", map[string]string{prodAPI: string(plan.Files[0].New)})
		_, _, err := Replan(cfg, ctx, r, req, plan, base)
		if fault.ErrorCode(err) != fault.CodeConflict || !strings.Contains(err.Error(), "bob") {
			t.Fatalf("err = %v, want a conflict naming bob", err)
		}
	})
	t.Run("ErrAllUpstreamMoved", func(t *testing.T) {
		cfg, r, _, _ := setup(t)
		allReq := PlanRequest{Service: AllServices, Env: "production"}
		fsys, _ := r.Snapshot(ctx, r.head)
		plan, err := NewPlan(cfg, fsys, allReq)
		if err != nil {
			t.Fatal(err)
		}
		base := r.head
		r.push("ci", "staging billing v2.0.4", map[string]string{"environments/staging/billing/config.yaml": strings.Replace(
			r.commits[r.head].files["environments/staging/billing/config.yaml"], "billing-v2.0.3", "billing-v2.0.4", 1)})
		_, _, err = Replan(cfg, ctx, r, allReq, plan, base)
		if fault.ErrorCode(err) != fault.CodeConflict || !strings.Contains(err.Error(), "billing would now move to v2.0.4") {
			t.Fatalf("err = %v, want a conflict about billing", err)
		}
	})
}
