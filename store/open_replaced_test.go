package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestOpenReplaced replays deploybot restore racing a deploybot that
// starts meanwhile: Open has opened store.path and waits for the lock
// while another store is renamed to store.path, then the lock is released.
func TestOpenReplaced(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("OKReadOnly=%t", readOnly), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "deploybot.db")
			holder := storeHolding(t, path, "p-old")
			restored := filepath.Join(dir, "restored.db")
			closeStore(t, storeHolding(t, restored, "p-new"))

			result := openInBackground(path, readOnly)
			waitForOpener(t, stat(t, path))
			rename(t, restored, path)
			closeStore(t, holder)

			r := <-result
			if r.err != nil {
				t.Fatalf("Open: %v", r.err)
			}
			defer closeStore(t, r.s)
			if _, err := r.s.GetPromotion("p-new"); err != nil {
				t.Errorf("Open runs on the replaced file, not the one at %s: %v", path, err)
			}
			if _, err := r.s.GetPromotion("p-old"); fault.ErrorCode(err) != fault.CodeNotFound {
				t.Errorf("Open still reads the replaced file: GetPromotion(p-old) = %v", err)
			}
		})
	}
	t.Run("OKDuringRestore", func(t *testing.T) {
		live, backup := restoreFixture(t)
		unlock, err := lockForRestore(live)
		if err != nil {
			t.Fatal(err)
		}
		result := openInBackground(live, false)
		waitForOpener(t, stat(t, live))
		tmp, err := copyToTemp(backup, live)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := replaceStore(tmp, live, restoreAt); err != nil {
			t.Fatal(err)
		}
		unlock()

		r := <-result
		if r.err != nil {
			t.Fatalf("Open: %v", r.err)
		}
		defer closeStore(t, r.s)
		if _, err := r.s.GetPromotion("p-new"); err != nil {
			t.Errorf("Open runs on the store kept by restore, not the restored one: %v", err)
		}
	})
	t.Run("ErrReplacedEveryTime", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "deploybot.db")
		holder := storeHolding(t, path, "p-0")
		result := openInBackground(path, false)
		for i := 1; i <= maxOpenTries; i++ {
			next := filepath.Join(dir, fmt.Sprintf("restored-%d.db", i))
			nextHolder := storeHolding(t, next, fmt.Sprintf("p-%d", i))
			if i == maxOpenTries {
				closeStore(t, nextHolder)
				nextHolder = nil
			}
			waitForOpener(t, stat(t, path))
			rename(t, next, path)
			closeStore(t, holder)
			holder = nextHolder
		}
		r := <-result
		if r.err == nil {
			closeStore(t, r.s)
			t.Fatal("Open succeeded on a store file replaced every time it was opened")
		}
		wantCode(t, r.err, fault.CodeUnavailable)
		wantMessage(t, r.err, path, "was replaced by another file while opening it", "3 times",
			"deploybot restore", "try again")
	})
}

// opened is what an Open in the background returned.
type opened struct {
	s   *Store
	err error
}

// openInBackground opens the store at path in a goroutine, waiting up to
// 10s for its lock, and returns where its result will arrive.
func openInBackground(path string, readOnly bool) <-chan opened {
	result := make(chan opened, 1)
	go func() {
		s, err := Open(Options{Path: path, ReadOnly: readOnly, Timeout: 10 * time.Second})
		result <- opened{s, err}
	}()
	return result
}

// storeHolding creates a store at path holding a promotion with the ID id
// and returns it open, so that it holds the file's lock.
func storeHolding(t *testing.T, path, id string) *Store {
	t.Helper()
	s, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, promotion(id, "api", "production", 1, deploy.StateSucceeded))
	return s
}

// waitForOpener waits until two descriptors of this process refer to the
// file fi: the holder's and the one of the Open waiting for its lock. It
// needs Linux's /proc/self/fd; elsewhere it gives Open a second instead.
func waitForOpener(t *testing.T, fi os.FileInfo) {
	t.Helper()
	if _, err := os.Stat("/proc/self/fd"); errors.Is(err, os.ErrNotExist) {
		time.Sleep(time.Second)
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	for openCount(t, fi) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("Open did not open %s within 10s", fi.Name())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// openCount counts this process's file descriptors that refer to fi.
func openCount(t *testing.T, fi os.FileInfo) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		if got, err := os.Stat(filepath.Join("/proc/self/fd", fd.Name())); err == nil && os.SameFile(fi, got) {
			n++
		}
	}
	return n
}

// rename renames from to to, as Restore installs a backup.
func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}
