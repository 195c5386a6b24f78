package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/store"
)

// holdStore opens the store at path as serve does, serving backups on
// its socket, until the test ends; it returns the open store.
func holdStore(t *testing.T, path, id string) *store.Store {
	t.Helper()
	s := seedStore(t, path, id)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveLocalAPI(ctx, s) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serveLocalAPI: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	waitForFile(t, store.SocketPath(path))
	return s
}

// storeModes are the two ways backup finds the store: free, so it reads
// the file itself, and held by a running serve, so it asks that process
// through its local API socket.
var storeModes = []struct {
	name string
	// open leaves a store with promotion p1 at path and returns it if it
	// stays open, nil if not.
	open func(t *testing.T, path string) *store.Store
}{
	{"Idle", func(t *testing.T, path string) *store.Store {
		if err := seedStore(t, path, "p1").Close(); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{"Held", func(t *testing.T, path string) *store.Store { return holdStore(t, path, "p1") }},
}

// wantStoreIntact fails the test unless the store file at path is still
// the file before names and holds promotion p1 (read through held, the
// open store, if it is not nil).
func wantStoreIntact(t *testing.T, held *store.Store, path string, before os.FileInfo) {
	t.Helper()
	if !os.SameFile(before, statFile(t, path)) {
		t.Errorf("backup replaced the store file %s", path)
	}
	if held == nil {
		wantBackupHolds(t, path, "p1")
		return
	}
	if _, err := held.GetPromotion("p1"); err != nil {
		t.Errorf("held store lost its promotion: %v", err)
	}
	if err := held.Check(); err != nil {
		t.Errorf("held store damaged: %v", err)
	}
}

func TestBackupRefusesStore(t *testing.T) {
	tests := []struct {
		name string
		out  func(t *testing.T, dir, storePath string) string
	}{
		{"ErrStorePath", func(_ *testing.T, _, storePath string) string { return storePath }},
		{"ErrDotDot", func(_ *testing.T, dir, _ string) string {
			return filepath.Join(dir, "state", "..", "state", "deploybot.db")
		}},
		{"ErrSymlink", func(t *testing.T, dir, storePath string) string {
			link := filepath.Join(dir, "link.db")
			if err := os.Symlink(storePath, link); err != nil {
				t.Fatal(err)
			}
			return link
		}},
		{"ErrHardLink", func(t *testing.T, dir, storePath string) string {
			link := filepath.Join(dir, "hard.db")
			if err := os.Link(storePath, link); err != nil {
				t.Fatal(err)
			}
			return link
		}},
	}
	for _, mode := range storeModes {
		for _, tt := range tests {
			t.Run(mode.name+"/"+tt.name, func(t *testing.T) {
				dir := t.TempDir()
				cfg, storePath := writeConfig(t, dir)
				held := mode.open(t, storePath)
				before := statFile(t, storePath)
				out := tt.out(t, dir, storePath)

				runCLI(t, "backup", "--config", cfg, "--force", out).
					want(t, 2, nil, []string{out, "is the store file", "choose another path"})
				wantStoreIntact(t, held, storePath, before)
			})
		}
	}
}

func TestBackupOut(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name+"/OKDirectory", func(t *testing.T) {
			dir := t.TempDir()
			cfg, storePath := writeConfig(t, dir)
			mode.open(t, storePath)
			backups := filepath.Join(dir, "backups")
			if err := os.Mkdir(backups, 0o700); err != nil {
				t.Fatal(err)
			}
			r := runCLI(t, "backup", "--config", cfg, backups)
			r.want(t, 0, []string{"backed up", filepath.Join(backups, "deploybot-")}, nil)
			files, err := filepath.Glob(filepath.Join(backups, "deploybot-*Z.db"))
			if err != nil || len(files) != 1 {
				t.Fatalf("backups = %v (%v), want one deploybot-<time>.db", files, err)
			}
			if !strings.Contains(r.stdout, files[0]) {
				t.Errorf("stdout does not name %s:\n%s", files[0], r.stdout)
			}
			wantBackupHolds(t, files[0], "p1")
		})
		t.Run(mode.name+"/ErrExists", func(t *testing.T) {
			dir := t.TempDir()
			cfg, storePath := writeConfig(t, dir)
			mode.open(t, storePath)
			out := filepath.Join(dir, "backup.db")
			if err := os.WriteFile(out, []byte("keep me"), 0o600); err != nil {
				t.Fatal(err)
			}
			runCLI(t, "backup", "--config", cfg, out).want(t, 2, nil, []string{out, "already exists", "pass --force"})
			if got, _ := os.ReadFile(out); !bytes.Equal(got, []byte("keep me")) {
				t.Errorf("%s changed without --force: %q", out, got)
			}
		})
		t.Run(mode.name+"/OKForce", func(t *testing.T) {
			dir := t.TempDir()
			cfg, storePath := writeConfig(t, dir)
			mode.open(t, storePath)
			out := filepath.Join(dir, "backup.db")
			if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			runCLI(t, "backup", "--config", cfg, "--force", out).want(t, 0, []string{"backed up", out}, nil)
			wantBackupHolds(t, out, "p1")
		})
		t.Run(mode.name+"/OKStoreTmp", func(t *testing.T) {
			dir := t.TempDir()
			cfg, storePath := writeConfig(t, dir)
			held := mode.open(t, storePath)
			before := statFile(t, storePath)
			out := storePath + ".tmp"
			runCLI(t, "backup", "--config", cfg, out).want(t, 0, []string{"backed up", out}, nil)
			wantBackupHolds(t, out, "p1")
			wantStoreIntact(t, held, storePath, before)
		})
	}
}

// statFile returns the file info of path or fails the test.
func statFile(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
