package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatus(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(layoutsDir, layout, "want", "status.txt"))
			if err != nil {
				t.Fatal(err)
			}
			cfg, repo := layoutPaths(layout)
			r := runCLI(t, "status", "--config", cfg, "--repo", repo)
			r.want(t, 0, nil, nil)
			if diff := cmp.Diff(string(want), r.stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("OKMissingFile", func(t *testing.T) {
		cfg, _ := layoutPaths("config")
		repo := copyRepo(t, "config")
		if err := os.Remove(filepath.Join(repo, "environments/staging/billing/config.yaml")); err != nil {
			t.Fatal(err)
		}
		runCLI(t, "status", "--config", cfg, "--repo", repo).want(t, 0,
			[]string{"billing  — [1]    v2.0.2\n", "[1] billing in staging: environments/staging/billing/config.yaml does not exist"}, nil)
	})
	t.Run("ErrNoRepo", func(t *testing.T) {
		cfg, _ := layoutPaths("config")
		runCLI(t, "status", "--config", cfg).want(t, 2, nil, []string{"--repo is required"})
	})
	t.Run("ErrExtraArg", func(t *testing.T) {
		cfg, repo := layoutPaths("config")
		runCLI(t, "status", "--config", cfg, "--repo", repo, "api").want(t, 2, nil, []string{`unknown command "api"`})
	})
}
