package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlan(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, repo := layoutPaths(layout)
			for _, c := range layoutCases(t, layout) {
				t.Run(c.name, func(t *testing.T) {
					diff, err := os.ReadFile(filepath.Join(layoutsDir, layout, "want", c.name+".diff"))
					if err != nil {
						t.Fatal(err)
					}
					r := runCLI(t, append([]string{"plan", "--config", cfg, "--repo", repo}, c.args...)...)
					r.want(t, 0, nil, nil)
					if d := cmp.Diff(c.summary+"\n"+string(diff), r.stdout); d != "" {
						t.Errorf("stdout (-want +got):\n%s", d)
					}
					if r.stderr != "" {
						t.Errorf("stderr = %q, want nothing", r.stderr)
					}
				})
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	cfg, repo := layoutPaths("config")
	missing := copyRepo(t, "config")
	if err := os.Remove(filepath.Join(missing, "environments/production/api/config.yaml")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"ErrNoRepo", []string{"plan", "--config", cfg, "api", "prod"}, 2, []string{"--repo is required", "Usage:"}},
		{"ErrRepoMissing", []string{"plan", "--config", cfg, "--repo", filepath.Join(t.TempDir(), "nope"), "api", "prod"}, 2, []string{"no such directory"}},
		{"ErrRepoIsFile", []string{"plan", "--config", cfg, "--repo", cfg, "api", "prod"}, 2, []string{"is a file"}},
		{"ErrNoConfig", []string{"plan", "--repo", repo, "api", "prod"}, 2, []string{"--config is required"}},
		{"ErrTooFewArgs", []string{"plan", "--config", cfg, "--repo", repo, "api"}, 2, []string{"accepts between 2 and 3 arg(s)"}},
		{"ErrTooManyArgs", []string{"plan", "--config", cfg, "--repo", repo, "api", "v1.0.0", "prod", "x"}, 2, []string{"accepts between 2 and 3 arg(s)"}},
		{"ErrUnknownService", []string{"plan", "--config", cfg, "--repo", repo, "apu", "prod"}, 2,
			[]string{`Unknown service "apu". Did you mean api? Services: api, billing, reports.`}},
		{"ErrUnknownEnv", []string{"plan", "--config", cfg, "--repo", repo, "api", "prodution"}, 2,
			[]string{`Did you mean production?`}},
		{"ErrLatest", []string{"plan", "--config", cfg, "--repo", repo, "api", "latest", "prod"}, 2,
			[]string{`"latest" is a moving tag`}},
		{"ErrBadVersion", []string{"plan", "--config", cfg, "--repo", repo, "api", "9.1", "prod"}, 2,
			[]string{`"9.1" is not a semantic version`}},
		{"ErrNoUpstream", []string{"plan", "--config", cfg, "--repo", repo, "api", "staging"}, 2,
			[]string{"staging has no upstream environment"}},
		{"ErrMissingFile", []string{"plan", "--config", cfg, "--repo", missing, "api", "prod"}, 2,
			[]string{"environments/production/api/config.yaml does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.args...)
			r.want(t, tt.code, nil, tt.stderr)
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
}
