package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/integrations/checkout"
	"github.com/google/go-cmp/cmp"
)

func TestPromoteLocal(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, src := layoutPaths(layout)
			for _, c := range layoutCases(t, layout) {
				t.Run(c.name, func(t *testing.T) {
					repo := copyRepo(t, layout)
					changed := readTree(t, filepath.Join(layoutsDir, layout, "want", c.name))
					before := readTree(t, src)
					// An existing file keeps its mode: make every changed one 0600.
					for p := range changed {
						if _, ok := before[p]; ok {
							if err := os.Chmod(filepath.Join(repo, p), 0o600); err != nil {
								t.Fatal(err)
							}
						}
					}
					r := runCLI(t, append([]string{"promote", "--local", "--config", cfg, "--repo", repo}, c.args...)...)
					r.want(t, 0, nil, nil)
					if diff := cmp.Diff(promoteOutput(c.summary, changed, before), r.stdout); diff != "" {
						t.Errorf("stdout (-want +got):\n%s", diff)
					}
					want := before
					for p, data := range changed {
						want[p] = data
					}
					if diff := cmp.Diff(want, readTree(t, repo)); diff != "" {
						t.Errorf("repository after promote (-want +got):\n%s", diff)
					}
					for p := range changed {
						wantMode := fs.FileMode(0o600)
						if _, existed := readTree(t, src)[p]; !existed {
							wantMode = 0o644
						}
						if fi, err := os.Stat(filepath.Join(repo, p)); err != nil || fi.Mode().Perm() != wantMode {
							t.Errorf("%s: mode %v (%v), want %v", p, fi.Mode().Perm(), err, wantMode)
						}
					}
				})
			}
		})
	}
}

// promoteOutput is what promote --local prints: the summary, then each
// file it wrote, in path order.
func promoteOutput(summary string, changed, before map[string]string) string {
	paths := make([]string, 0, len(changed))
	for p := range changed {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString(summary + "\n")
	for _, p := range paths {
		verb := "updated"
		if _, ok := before[p]; !ok {
			verb = "created"
		}
		b.WriteString(verb + " " + p + "\n")
	}
	return b.String()
}

func TestPromoteErrors(t *testing.T) {
	t.Run("ErrNotLocalNoToken", func(t *testing.T) {
		cfg, _ := layoutPaths("config")
		repo := copyRepo(t, "config")
		before := readTree(t, repo)
		runCLI(t, "promote", "--config", cfg, "--repo", repo, "api", "prod").
			want(t, 2, nil, []string{"no credential: set DEPLOYBOT_TOKEN"})
		if diff := cmp.Diff(before, readTree(t, repo)); diff != "" {
			t.Errorf("repository changed (-before +after):\n%s", diff)
		}
	})
	t.Run("ErrNothingWrittenOnFailure", func(t *testing.T) {
		cfg, _ := layoutPaths("config")
		repo := copyRepo(t, "config")
		// billing's file no longer matches its template, so "all" fails
		// after api's edit is computed; api's file must stay as it was.
		path := filepath.Join(repo, "environments/production/billing/config.yaml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), "billing-v2.0.2", "billing-2.0.2", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		before := readTree(t, repo)
		r := runCLI(t, "promote", "--local", "--config", cfg, "--repo", repo, "all", "production")
		r.want(t, 2, nil, []string{`service.chartTag is "billing-2.0.2", which does not match its template "billing-v{version}"`})
		if diff := cmp.Diff(before, readTree(t, repo)); diff != "" {
			t.Errorf("repository changed (-before +after):\n%s", diff)
		}
	})
	t.Run("ErrNoRepo", func(t *testing.T) {
		cfg, _ := layoutPaths("config")
		runCLI(t, "promote", "--local", "--config", cfg, "api", "prod").want(t, 2, nil, []string{"--repo is required"})
	})
}

// TestRestoreNote: after a failed write promote --local says whether the
// files written before it were restored.
func TestRestoreNote(t *testing.T) {
	tests := []struct {
		name string
		ae   checkout.ApplyError
		want string
	}{
		{"FirstFailed", checkout.ApplyError{Written: 0}, ""},
		{"Restored", checkout.ApplyError{Written: 2},
			"deploybot: the 2 file(s) written before the error below were restored; the working tree is as it was\n"},
		{"ErrNotRestored", checkout.ApplyError{Written: 2, Unrestored: []string{"/repo/a.yaml"}},
			"deploybot: could not restore /repo/a.yaml after the error below; check the working tree\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, restoreNote(&tt.ae)); diff != "" {
				t.Errorf("restoreNote (-want +got):\n%s", diff)
			}
		})
	}
}
