package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
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
	err := s.BackupFile(path)
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
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s.tmp left behind: %v", path, err)
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

func TestBackupFileRefuses(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "deploybot.db")
	s := openTest(t, live)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(live, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		code deploy.Code
	}{
		{"ErrLiveFile", live, deploy.CodeInvalid},
		{"ErrLiveFileRelative", filepath.Join(dir, ".", "x", "..", "deploybot.db"), deploy.CodeInvalid},
		{"ErrSymlinkToLive", link, deploy.CodeInvalid},
		{"ErrMissingDir", filepath.Join(dir, "missing", "b.db"), deploy.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.BackupFile(tt.path)
			wantCode(t, err, tt.code)
		})
	}
	t.Run("ErrTmpIsLive", func(t *testing.T) {
		odd := openTest(t, filepath.Join(dir, "odd.db.tmp"))
		wantCode(t, odd.BackupFile(filepath.Join(dir, "odd.db")), deploy.CodeInvalid)
		if err := odd.Check(); err != nil {
			t.Errorf("live store damaged: %v", err)
		}
	})
	if err := s.Check(); err != nil {
		t.Errorf("live store damaged: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("BackupFile created a directory: %v", err)
	}
}
