package deploy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatusLayouts(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, repo := loadLayout(t, layout)
			want, err := os.ReadFile(filepath.Join(layoutsDir, layout, "want", "status.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), Status(cfg, repo).Text()); diff != "" {
				t.Errorf("Status().Text() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	cfg, _ := loadLayout(t, "config")
	repo := mapRepo(t, "config")
	delete(repo, "environments/staging/billing/config.yaml")
	missing := "environments/staging/billing/config.yaml does not exist, so deploybot can't tell which version of billing runs in staging. Create it, or fix the path of billing in deploybot.yaml."
	want := StatusTable{
		Envs: []string{"staging", "production"},
		Rows: []StatusRow{
			{Service: "api", Cells: []StatusCell{{Version: "v9.1.1"}, {Version: "v9.1.0", DiffersFromUpstream: true}}},
			{Service: "billing", Cells: []StatusCell{{Err: missing}, {Version: "v2.0.2"}}},
			{Service: "reports", Cells: []StatusCell{{Version: "1.5.0"}, {Version: "1.4.0", DiffersFromUpstream: true}}},
		},
	}
	got := Status(cfg, repo)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Status (-want +got):\n%s", diff)
	}
	wantText := `service  staging  production
api      v9.1.1   v9.1.0 *
billing  — [1]    v2.0.2
reports  1.5.0    1.4.0 *

*  differs from the version in the environment it comes after

[1] billing in staging: ` + missing + "\n"
	if diff := cmp.Diff(wantText, got.Text()); diff != "" {
		t.Errorf("Text (-want +got):\n%s", diff)
	}
}

func TestStatusSameVersionForms(t *testing.T) {
	cfg, _ := loadLayout(t, "kustomize")
	repo := mapRepo(t, "kustomize")
	f := repo["apps/payments/overlays/production/kustomization.yaml"]
	f.Data = []byte(string(f.Data[:len(f.Data)-len("'v3.2.0'\n")]) + "v3.2.1\n")
	cell := Status(cfg, repo).Rows[1].Cells[1]
	if diff := cmp.Diff(StatusCell{Version: "v3.2.1"}, cell); diff != "" {
		t.Errorf("payments in production (staging holds 3.2.1) (-want +got):\n%s", diff)
	}
}

func TestStatusTextEmpty(t *testing.T) {
	got := StatusTable{Envs: []string{"staging"}}.Text()
	if diff := cmp.Diff("service  staging\n", got); diff != "" {
		t.Errorf("Text (-want +got):\n%s", diff)
	}
}
