package checkout

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestPrepareWrites(t *testing.T) {
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "envs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "envs", "real.yaml"), []byte("tag: 1\n"), 0o640); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	t.Run("OKSymlinkInside", func(t *testing.T) {
		dir := setup(t)
		if err := os.Symlink("real.yaml", filepath.Join(dir, "envs", "link.yaml")); err != nil {
			t.Fatal(err)
		}
		writes, err := Prepare(dir, []deploy.FileChange{{Path: "envs/link.yaml", Old: []byte("tag: 1\n"), New: []byte("tag: 2\n")}})
		if err != nil {
			t.Fatal(err)
		}
		if err := writes[0].write(); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(filepath.Join(dir, "envs", "real.yaml")); string(data) != "tag: 2\n" {
			t.Errorf("real.yaml = %q, want the new content", data)
		}
		if fi, err := os.Lstat(filepath.Join(dir, "envs", "link.yaml")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("link.yaml is no longer a symbolic link (%v)", err)
		}
		if fi, _ := os.Stat(filepath.Join(dir, "envs", "real.yaml")); fi.Mode().Perm() != 0o640 {
			t.Errorf("mode = %v, want 0640", fi.Mode().Perm())
		}
	})
	tests := []struct {
		name   string
		change deploy.FileChange
		prep   func(t *testing.T, dir string)
		code   fault.Code
		want   string
	}{
		{"ErrSymlinkOutside", deploy.FileChange{Path: "envs/out.yaml", Old: []byte("x: 1\n"), New: []byte("x: 2\n")},
			func(t *testing.T, dir string) {
				outside := filepath.Join(t.TempDir(), "out.yaml")
				if err := os.WriteFile(outside, []byte("x: 1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, filepath.Join(dir, "envs", "out.yaml")); err != nil {
					t.Fatal(err)
				}
			}, fault.CodeInvalid, "outside the repository"},
		{"ErrChangedSincePlan", deploy.FileChange{Path: "envs/real.yaml", Old: []byte("tag: 0\n"), New: []byte("tag: 2\n")},
			nil, fault.CodeConflict, "changed while the promotion was being planned"},
		{"ErrAppearedSincePlan", deploy.FileChange{Path: "envs/real.yaml", New: []byte("tag: 2\n")},
			nil, fault.CodeConflict, "appeared while the promotion was being planned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := setup(t)
			if tt.prep != nil {
				tt.prep(t, dir)
			}
			_, err := Prepare(dir, []deploy.FileChange{tt.change})
			if fault.ErrorCode(err) != tt.code || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v (%s), want %s containing %q", err, fault.ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

func TestWriteCreatesDirectories(t *testing.T) {
	dir := t.TempDir()
	writes, err := Prepare(dir, []deploy.FileChange{{Path: "promotions/production/api.yaml", New: []byte("revision: x\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := writes[0].write(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "promotions", "production", "api.yaml"))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("created file: %v, %v", fi, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "promotions", "production"))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only api.yaml (no temporary files)", len(entries))
	}
}

func TestApplyRestoresOnError(t *testing.T) {
	dir := t.TempDir()
	old := []byte("tag: 1.0\n")
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), old, 0o640); err != nil {
		t.Fatal(err)
	}
	writes, err := Prepare(dir, []deploy.FileChange{
		{Path: "a.yaml", Old: old, New: []byte("tag: 2.0\n")},
		{Path: "sub/b.yaml", New: []byte("tag: 2.0\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A file where the directory of the second write should be makes it fail
	// after the first has been written.
	if err := os.WriteFile(filepath.Join(dir, "sub"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err = Apply(writes)
	var ae *ApplyError
	if !errors.As(err, &ae) {
		t.Fatalf("Apply = %v, want an *ApplyError for the second write", err)
	}
	if ae.Written != 1 || len(ae.Unrestored) != 0 {
		t.Errorf("Apply's error: %d written, unrestored %v; want 1 written, all restored", ae.Written, ae.Unrestored)
	}
	got, err := os.ReadFile(filepath.Join(dir, "a.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(old), string(got)); diff != "" {
		t.Errorf("a.yaml not restored (-want +got):\n%s", diff)
	}
	if fi, err := os.Stat(filepath.Join(dir, "a.yaml")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("a.yaml mode = %v (%v), want 0640", fi.Mode().Perm(), err)
	}
}
