package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestBackupWhileWriting(t *testing.T) {
	s := openTest(t, testPath(t))
	for i := range 200 {
		mustPut(t, s, promotion(fmt.Sprintf("p%05d", i), "api", "production", i, deploy.StateSucceeded))
	}
	w := startWriter(s, 200)
	for w.committed.Load() < 300 && !w.done.Load() { // let the writer get going
		time.Sleep(time.Millisecond)
	}
	before := int(w.committed.Load())
	path := filepath.Join(t.TempDir(), "backup.db")
	err := s.BackupFile(path, BackupOptions{})
	if err := errors.Join(err, w.stop()); err != nil {
		t.Fatal(err)
	}

	b := openTest(t, path) // checks the whole file
	for i := range before {
		if _, err := b.GetPromotion(fmt.Sprintf("p%05d", i)); err != nil {
			t.Fatalf("backup lacks a promotion committed before it started: %v", err)
		}
	}
	latest, err := b.LatestPromotions("api", "production", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	log, err := b.AuditSince(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(latest) - 200; n != len(log) {
		t.Errorf("backup has %d requests but %d audit events; want one snapshot", n, len(log))
	}
	wantNoTemp(t, filepath.Dir(path))
}

// wantNoTemp fails the test if a temporary file is left in dir.
func wantNoTemp(t *testing.T, dir string) {
	t.Helper()
	tmps, err := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tmps) > 0 {
		t.Errorf("temporary files left behind: %v", tmps)
	}
}

// writer requests promotions one transaction at a time until stopped.
type writer struct {
	committed atomic.Int64 // promotions committed so far
	done      atomic.Bool
	quit      chan struct{}
	wg        sync.WaitGroup
	err       error
}

func startWriter(s *Store, from int) *writer {
	w := &writer{quit: make(chan struct{})}
	w.committed.Store(int64(from))
	w.wg.Go(func() {
		defer w.done.Store(true)
		for i := from; ; i++ {
			select {
			case <-w.quit:
				return
			default:
			}
			p := promotion(fmt.Sprintf("p%05d", i), "api", "production", i, deploy.StateRequested)
			if w.err = s.Update(func(tx *Tx) error { return request(tx, p) }); w.err != nil {
				return
			}
			w.committed.Store(int64(i + 1))
			if w.err = s.ReleaseLock("api", "production", p.ID); w.err != nil {
				return
			}
		}
	})
	return w
}

// stop stops the writer and returns its error.
func (w *writer) stop() error {
	close(w.quit)
	w.wg.Wait()
	return w.err
}

func TestBackup(t *testing.T) {
	s := openTest(t, testPath(t))
	mustPut(t, s, promotion("p1", "api", "production", 1, deploy.StateRequested))
	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) || n == 0 {
		t.Errorf("Backup = %d bytes, wrote %d", n, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openTest(t, path).GetPromotion("p1"); err != nil {
		t.Errorf("GetPromotion from the backup: %v", err)
	}
}

// backupFunc writes a backup of the store at live to out, one way or the
// other.
type backupFunc func(t *testing.T, s *Store, out string, opts BackupOptions) error

// backupWays are the two ways to back up: by the process holding the
// store, and from a snapshot it streams, as "deploybot backup" receives
// one through serve's local API.
var backupWays = []struct {
	name   string
	backup backupFunc
}{
	{"File", func(_ *testing.T, s *Store, out string, opts BackupOptions) error {
		return s.BackupFile(out, opts)
	}},
	{"Stream", func(t *testing.T, s *Store, out string, opts BackupOptions) error {
		return ReceiveBackup(s.Path(), out, opts, func(w io.Writer) error {
			var size int64
			n, err := s.StreamBackup(w, func(n int64) { size = n })
			if err == nil && n != size {
				t.Errorf("StreamBackup wrote %d bytes, announced %d", n, size)
			}
			return err
		})
	}},
}

func TestBackupRefuses(t *testing.T) {
	tests := []struct {
		name string
		out  func(t *testing.T, dir, live string) string
		opts BackupOptions
		code fault.Code
		msg  []string
	}{
		{"ErrStoreFile", func(_ *testing.T, _, live string) string { return live }, BackupOptions{Force: true},
			fault.CodeInvalid, []string{"is the store file", "choose another path"}},
		{"ErrDotDot", func(_ *testing.T, dir, _ string) string {
			return filepath.Join(dir, "state", "..", "state", "x", "..", "deploybot.db")
		}, BackupOptions{Force: true}, fault.CodeInvalid, []string{"is the store file"}},
		{"ErrSymlink", func(t *testing.T, dir, live string) string {
			return symlink(t, live, filepath.Join(dir, "link.db"))
		}, BackupOptions{Force: true}, fault.CodeInvalid, []string{"is the store file"}},
		{"ErrSymlinkedDir", func(t *testing.T, dir, live string) string {
			return filepath.Join(symlink(t, filepath.Dir(live), filepath.Join(dir, "linkdir")), "deploybot.db")
		}, BackupOptions{Force: true}, fault.CodeInvalid, []string{"is the store file"}},
		{"ErrHardLink", func(t *testing.T, dir, live string) string {
			link := filepath.Join(dir, "hard.db")
			if err := os.Link(live, link); err != nil {
				t.Fatal(err)
			}
			return link
		}, BackupOptions{Force: true}, fault.CodeInvalid, []string{"is the store file"}},
		{"ErrSocket", func(_ *testing.T, _, live string) string { return SocketPath(live) }, BackupOptions{Force: true},
			fault.CodeInvalid, []string{"API socket", "choose another path"}},
		{"ErrExists", func(t *testing.T, dir, _ string) string { return writeFile(t, filepath.Join(dir, "old.db"), "old") },
			BackupOptions{}, fault.CodeInvalid, []string{"already exists; pass --force to replace it"}},
		{"ErrDirectory", func(_ *testing.T, dir, _ string) string { return dir }, BackupOptions{Force: true},
			fault.CodeInvalid, []string{"is a directory"}},
		{"ErrMissingDir", func(_ *testing.T, dir, _ string) string { return filepath.Join(dir, "missing", "b.db") },
			BackupOptions{}, fault.CodeInvalid, []string{"does not exist; create it"}},
	}
	for _, way := range backupWays {
		for _, tt := range tests {
			t.Run(way.name+"/"+tt.name, func(t *testing.T) {
				dir := t.TempDir()
				live := filepath.Join(dir, "state", "deploybot.db")
				s := openTest(t, live)
				mustPut(t, s, promotion("p1", "api", "production", 1, deploy.StateRequested))
				before := stat(t, live)
				out := tt.out(t, dir, live)
				var outBefore []byte
				if fi, err := os.Stat(out); err == nil && fi.Mode().IsRegular() {
					outBefore = readFile(t, out)
				}

				err := way.backup(t, s, out, tt.opts)
				wantCode(t, err, tt.code)
				wantMessage(t, err, append(tt.msg, out)...)
				wantIntact(t, s, before)
				if outBefore != nil {
					if got := readFile(t, out); !bytes.Equal(got, outBefore) {
						t.Errorf("%s changed by a refused backup", out)
					}
				}
				wantNoTemp(t, filepath.Dir(out))
				wantNoTemp(t, filepath.Dir(live))
			})
		}
	}
}

func TestBackupWrites(t *testing.T) {
	tests := []struct {
		name  string
		store string // the store's file name
		out   func(t *testing.T, dir, live string) string
		opts  BackupOptions
	}{
		{"OKNewFile", "deploybot.db", func(_ *testing.T, dir, _ string) string { return filepath.Join(dir, "b.db") }, BackupOptions{}},
		{"OKForceReplaces", "deploybot.db", func(t *testing.T, dir, _ string) string {
			return writeFile(t, filepath.Join(dir, "b.db"), "old")
		}, BackupOptions{Force: true}},
		// A backup to OUT used to write OUT.tmp first, so a store named
		// deploybot.db.tmp was overwritten by a backup to deploybot.db.
		{"OKStoreIsOutTmp", "deploybot.db.tmp", func(_ *testing.T, _, live string) string {
			return strings.TrimSuffix(live, ".tmp")
		}, BackupOptions{}},
		{"OKOutIsStoreTmp", "deploybot.db", func(_ *testing.T, _, live string) string { return live + ".tmp" }, BackupOptions{}},
	}
	for _, way := range backupWays {
		for _, tt := range tests {
			t.Run(way.name+"/"+tt.name, func(t *testing.T) {
				dir := t.TempDir()
				live := filepath.Join(dir, "state", tt.store)
				s := openTest(t, live)
				mustPut(t, s, promotion("p1", "api", "production", 1, deploy.StateRequested))
				before := stat(t, live)
				out := tt.out(t, dir, live)

				if err := way.backup(t, s, out, tt.opts); err != nil {
					t.Fatal(err)
				}
				b, err := Open(Options{Path: out, ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				defer b.Close()
				if _, err := b.GetPromotion("p1"); err != nil {
					t.Errorf("backup lacks p1: %v", err)
				}
				wantIntact(t, s, before)
				wantNoTemp(t, filepath.Dir(out))
			})
		}
	}
}

func TestBackupPath(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 4, 20, 23, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name, out, want string
		code            fault.Code
	}{
		{"OKFile", filepath.Join(dir, "b.db"), filepath.Join(dir, "b.db"), ""},
		{"OKDirectory", dir, filepath.Join(dir, "deploybot-20261204T192300Z.db"), ""},
		{"OKDirectorySlash", dir + "/", filepath.Join(dir, "deploybot-20261204T192300Z.db"), ""},
		{"ErrMissingDirectory", filepath.Join(dir, "missing") + "/", "", fault.CodeInvalid},
		{"ErrEmpty", "", "", fault.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BackupPath(tt.out, now)
			if diff := cmp.Diff(tt.code, fault.ErrorCode(err)); diff != "" {
				t.Fatalf("code (-want +got):\n%s\nerr: %v", diff, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
		})
	}
}

// stat returns the file info of path or fails the test.
func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// wantIntact fails the test unless the file at s's path is still the one
// it was before and passes the consistency check.
func wantIntact(t *testing.T, s *Store, before os.FileInfo) {
	t.Helper()
	if after := stat(t, s.Path()); !os.SameFile(before, after) {
		t.Errorf("store file %s was replaced", s.Path())
	}
	if err := s.Check(); err != nil {
		t.Errorf("live store damaged: %v", err)
	}
}

// readFile returns the contents of path or fails the test.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// symlink makes link point at target and returns link.
func symlink(t *testing.T, target, link string) string {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	return link
}

// writeFile writes text to path and returns path.
func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
