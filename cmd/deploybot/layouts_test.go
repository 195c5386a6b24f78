package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// layoutsDir holds one sample GitOps repo per layout (see deploy's tests).
const layoutsDir = "../../testdata/layouts"

// layoutCase is one line of a layout's cases.txt.
type layoutCase struct {
	name    string
	args    []string // SERVICE [VERSION] ENV
	summary string   // the first line plan prints
}

// layoutNames returns the layouts under layoutsDir.
func layoutNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(layoutsDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// layoutCases reads a layout's cases.txt: NAME | ARGS | SUMMARY lines.
func layoutCases(t *testing.T, layout string) []layoutCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(layoutsDir, layout, "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []layoutCase
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 3 {
			t.Fatalf("cases.txt of %s: %q is not NAME | ARGS | SUMMARY", layout, line)
		}
		cases = append(cases, layoutCase{name: f[0], args: strings.Fields(f[1]), summary: f[2]})
	}
	return cases
}

// layoutPaths returns a layout's config file and repository directory.
func layoutPaths(layout string) (cfg, repo string) {
	return filepath.Join(layoutsDir, layout, "deploybot.yaml"), filepath.Join(layoutsDir, layout, "repo")
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

// copyRepo copies a layout's repository into a temporary directory.
func copyRepo(t *testing.T, layout string) string {
	t.Helper()
	_, src := layoutPaths(layout)
	dst := filepath.Join(t.TempDir(), "repo")
	for p, data := range readTree(t, src) {
		path := filepath.Join(dst, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
