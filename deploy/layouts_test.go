package deploy

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/google/go-cmp/cmp"
)

// layoutsDir holds one sample GitOps repo per layout: deploybot.yaml,
// repo/, cases.txt and want/ (see testdata/layouts/*/cases.txt).
const layoutsDir = "../testdata/layouts"

// layoutCase is one line of a layout's cases.txt.
type layoutCase struct {
	name    string
	args    []string // SERVICE [VERSION] ENV
	summary string   // the first line `deploybot plan` prints
}

// request returns the PlanRequest of the case's arguments.
func (c layoutCase) request() PlanRequest {
	req := PlanRequest{Service: c.args[0], Env: c.args[len(c.args)-1]}
	if len(c.args) == 3 {
		req.Version = Version(c.args[1])
	}
	return req
}

// layoutNames returns the layouts under layoutsDir.
func layoutNames(t testing.TB) []string {
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

// loadLayout returns a layout's config and repository.
func loadLayout(t testing.TB, layout string) (*config.Config, fs.FS) {
	t.Helper()
	cfg, err := config.Load(filepath.Join(layoutsDir, layout, "deploybot.yaml"))
	if err != nil {
		t.Fatalf("load %s config: %v", layout, err)
	}
	return cfg, os.DirFS(filepath.Join(layoutsDir, layout, "repo"))
}

// layoutCases reads a layout's cases.txt.
func layoutCases(t testing.TB, layout string) []layoutCase {
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

// readTree returns every file under dir by slash-separated relative path;
// an empty map when dir does not exist.
func readTree(t testing.TB, dir string) map[string]string {
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

// mapRepo copies a layout's repository into memory, to be changed by a test.
func mapRepo(t testing.TB, layout string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for p, data := range readTree(t, filepath.Join(layoutsDir, layout, "repo")) {
		m[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return m
}

func TestPlanLayouts(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, repo := loadLayout(t, layout)
			for _, c := range layoutCases(t, layout) {
				t.Run(c.name, func(t *testing.T) {
					plan, err := NewPlan(cfg, repo, c.request())
					if err != nil {
						t.Fatalf("Plan(%v): %v", c.args, err)
					}
					checkPlan(t, layout, c, repo, plan)
				})
			}
		})
	}
}

// checkPlan compares a plan with the case's want/ files and diff.
func checkPlan(t *testing.T, layout string, c layoutCase, repo fs.FS, plan Plan) {
	t.Helper()
	wantDir := filepath.Join(layoutsDir, layout, "want")
	got := map[string]string{}
	for _, f := range plan.Files {
		got[f.Path] = string(f.New)
		old, err := fs.ReadFile(repo, f.Path)
		switch {
		case f.Old == nil && err == nil:
			t.Errorf("%s: Old is nil, but the file exists", f.Path)
		case f.Old != nil && string(old) != string(f.Old):
			t.Errorf("%s: Old is not the file's content", f.Path)
		}
	}
	if diff := cmp.Diff(readTree(t, filepath.Join(wantDir, c.name)), got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	wantDiff, err := os.ReadFile(filepath.Join(wantDir, c.name+".diff"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(wantDiff), UnifiedDiff(plan.Files)); diff != "" {
		t.Errorf("UnifiedDiff (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(c.summary, plan.Summary()); diff != "" {
		t.Errorf("Summary (-want +got):\n%s", diff)
	}
	if plan.Empty() != (len(got) == 0) {
		t.Errorf("Empty() = %v with %d files", plan.Empty(), len(got))
	}
}

func TestPlanLayoutsSorted(t *testing.T) {
	for _, layout := range layoutNames(t) {
		cfg, repo := loadLayout(t, layout)
		plan, err := NewPlan(cfg, repo, PlanRequest{Service: AllServices, Env: "production"})
		if err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		for i := 1; i < len(plan.Files); i++ {
			if plan.Files[i-1].Path >= plan.Files[i].Path {
				t.Errorf("%s: files not sorted: %s before %s", layout, plan.Files[i-1].Path, plan.Files[i].Path)
			}
		}
	}
}
