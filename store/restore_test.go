package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// restoreAt is the time the restore tests run at.
var restoreAt = time.Date(2026, 12, 4, 19, 23, 0, 0, time.UTC)

// restoreFixture is a store at live holding p-old and, beside it, a
// backup at backup holding p-new.
func restoreFixture(t *testing.T) (live, backup string) {
	t.Helper()
	dir := t.TempDir()
	live = filepath.Join(dir, "state", "deploybot.db")
	backup = filepath.Join(dir, "backup.db")
	s, err := Open(Options{Path: backup})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, promotion("p-new", "api", "production", 2, deploy.StateSucceeded))
	closeStore(t, s)
	s, err = Open(Options{Path: live})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, promotion("p-old", "api", "production", 1, deploy.StateSucceeded))
	closeStore(t, s)
	return live, backup
}

func TestRestore(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		live, backup := restoreFixture(t)
		old := readFile(t, live)
		kept, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(live+".before-restore-20261204T192300Z", kept); diff != "" {
			t.Errorf("kept (-want +got):\n%s", diff)
		}
		if !bytes.Equal(readFile(t, kept), old) {
			t.Errorf("%s does not hold the previous store", kept)
		}
		s := openTest(t, live)
		if _, err := s.GetPromotion("p-new"); err != nil {
			t.Errorf("restored store lacks the backup's promotion: %v", err)
		}
		if _, err := s.GetPromotion("p-old"); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("restored store still has the replaced store's promotion: %v", err)
		}
		wantNoTemp(t, filepath.Dir(live))
	})
	t.Run("OKTwiceInOneSecond", func(t *testing.T) {
		live, backup := restoreFixture(t)
		var got []string
		for range 2 {
			kept, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, filepath.Base(kept))
		}
		want := []string{"deploybot.db.before-restore-20261204T192300Z", "deploybot.db.before-restore-20261204T192300Z.1"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("kept (-want +got):\n%s", diff)
		}
	})
	t.Run("OKSymlinkedStore", func(t *testing.T) {
		real, backup := restoreFixture(t)
		live := symlink(t, real, filepath.Join(filepath.Dir(backup), "link.db"))
		kept, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(KeptPath(real, restoreAt), kept); diff != "" {
			t.Errorf("kept (-want +got):\n%s", diff)
		}
		if fi, err := os.Lstat(live); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("store.path %s is no longer a symlink: %v", live, err)
		}
		if _, err := openTest(t, live).GetPromotion("p-new"); err != nil {
			t.Errorf("restored store lacks the backup's promotion: %v", err)
		}
	})
	t.Run("OKNoStoreYet", func(t *testing.T) {
		live, backup := restoreFixture(t)
		live = filepath.Join(filepath.Dir(live), "new", "deploybot.db")
		kept, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
		if err != nil {
			t.Fatal(err)
		}
		if kept != "" {
			t.Errorf("kept = %q, want none", kept)
		}
		if _, err := openTest(t, live).GetPromotion("p-new"); err != nil {
			t.Errorf("restored store lacks the backup's promotion: %v", err)
		}
	})
	t.Run("OKOverDamagedStore", func(t *testing.T) {
		live, backup := restoreFixture(t)
		writeGarbage(64<<10)(t, live)
		if _, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt}); err != nil {
			t.Fatal(err)
		}
		if _, err := openTest(t, live).GetPromotion("p-new"); err != nil {
			t.Errorf("restored store lacks the backup's promotion: %v", err)
		}
	})
}

func TestRestoreRefuses(t *testing.T) {
	tests := []struct {
		name    string
		from    func(t *testing.T, live, backup string) string
		code    fault.Code
		msg     []string
		corrupt bool
	}{
		{"ErrCorrupt", func(t *testing.T, _, backup string) string {
			eachPage(flagLeaf, func(p []byte) { binary.LittleEndian.PutUint64(p, 0xdeadbeef) })(t, backup)
			return backup
		}, fault.CodeInvalid, []string{"is not a usable deploybot backup", "the store was not changed", "choose another backup file"}, true},
		{"ErrTruncated", func(t *testing.T, _, backup string) string {
			truncateHalf(t, backup)
			return backup
		}, fault.CodeInvalid, []string{"is not a usable deploybot backup"}, true},
		{"ErrText", func(t *testing.T, _, backup string) string {
			writeText(t, backup)
			return backup
		}, fault.CodeInvalid, []string{"is not a usable deploybot backup"}, true},
		{"ErrEmptyBolt", func(t *testing.T, _, backup string) string {
			empty := filepath.Join(filepath.Dir(backup), "empty.db")
			db, err := bolt.Open(empty, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			return empty
		}, fault.CodeInvalid, []string{"not a deploybot backup"}, false},
		{"ErrMissing", func(_ *testing.T, _, backup string) string { return backup + ".missing" },
			fault.CodeNotFound, []string{"does not exist; check the path"}, false},
		{"ErrDirectory", func(_ *testing.T, _, backup string) string { return filepath.Dir(backup) },
			fault.CodeInvalid, []string{"is not a regular file"}, false},
		{"ErrStoreItself", func(_ *testing.T, live, _ string) string { return live },
			fault.CodeInvalid, []string{"is the store file", "choose another path"}, false},
		{"ErrSymlinkToStore", func(t *testing.T, live, backup string) string {
			return symlink(t, live, backup+".link")
		}, fault.CodeInvalid, []string{"is the store file"}, false},
		{"ErrHardLinkToStore", func(t *testing.T, live, backup string) string {
			if err := os.Link(live, backup+".hard"); err != nil {
				t.Fatal(err)
			}
			return backup + ".hard"
		}, fault.CodeInvalid, []string{"is the store file"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live, backup := restoreFixture(t)
			before := readFile(t, live)
			from := tt.from(t, live, backup)
			_, err := Restore(RestoreOptions{Path: live, From: from, Now: restoreAt})
			wantCode(t, err, tt.code)
			wantMessage(t, err, append(tt.msg, from)...)
			if tt.corrupt && !errors.Is(err, ErrCorrupt) {
				t.Errorf("error does not wrap ErrCorrupt: %v", err)
			}
			wantUnchanged(t, live, before)
		})
	}
	t.Run("ErrHeld", func(t *testing.T) {
		live, backup := restoreFixture(t)
		s := openTest(t, live)
		before := stat(t, live)
		_, err := Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
		wantCode(t, err, fault.CodeConflict)
		wantMessage(t, err, "holds the store "+live, "stop it first")
		if !errors.Is(err, ErrLocked) {
			t.Errorf("error does not wrap ErrLocked: %v", err)
		}
		wantIntact(t, s, before)
		if _, err := s.GetPromotion("p-old"); err != nil {
			t.Errorf("held store lost its promotion: %v", err)
		}
		wantUnchanged(t, live, nil)
	})
	t.Run("ErrHeldReadOnly", func(t *testing.T) {
		live, backup := restoreFixture(t)
		r, err := Open(Options{Path: live, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer closeStore(t, r)
		_, err = Restore(RestoreOptions{Path: live, From: backup, Now: restoreAt})
		wantCode(t, err, fault.CodeConflict)
	})
}

// wantUnchanged fails the test if the store at live does not hold before
// (unless before is nil), if a copy of it was kept, or if a temporary
// file is left beside it.
func wantUnchanged(t *testing.T, live string, before []byte) {
	t.Helper()
	if before != nil && !bytes.Equal(readFile(t, live), before) {
		t.Errorf("store %s changed by a refused restore", live)
	}
	kept, err := filepath.Glob(live + ".before-restore-*")
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) > 0 {
		t.Errorf("a refused restore kept a copy: %v", kept)
	}
	wantNoTemp(t, filepath.Dir(live))
}
