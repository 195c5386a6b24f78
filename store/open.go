package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy/fault"
)

// maxOpenTries is how many times openFile opens the store file when, once
// it holds the lock, another file has been renamed to the path meanwhile
// (deploybot restore does that while a deploybot waits for the lock).
const maxOpenTries = 3

// openFile opens the bbolt file at path, creating it and its directory
// unless readOnly, and translates bbolt's failures into errors an operator
// can act on. If the file it opened and locked is no longer the one at path,
// it closes it and opens path again, at most maxOpenTries times.
func openFile(path string, timeout time.Duration, readOnly bool) (*bolt.DB, error) {
	if err := prepareDir(path, readOnly); err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		db, opened, err := openBolt(path, timeout, readOnly)
		if errors.Is(err, bolt.ErrTimeout) || !replaced(path, opened) {
			return db, openError(path, timeout, err)
		}
		if db != nil {
			if cerr := db.Close(); cerr != nil {
				return nil, fmt.Errorf("store: close %s, replaced while opening it: %w", path, cerr)
			}
		}
		if try == maxOpenTries {
			return nil, replacedError(path, try)
		}
	}
}

// openError translates bolt.Open's error for the file at path; nil stays
// nil.
func openError(path string, timeout time.Duration, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bolt.ErrTimeout):
		return lockedError(path, timeout)
	case isFileSystemError(err):
		return fmt.Errorf("store: open %s: %w", path, err)
	default:
		return corruptError(path, err)
	}
}

// replaced reports whether the file at path is not the file opened, which
// happens when another file was renamed to path after bbolt opened it. A
// nil opened (bbolt opened nothing) is never replaced; a path that no
// longer exists is.
func replaced(path string, opened fs.FileInfo) bool {
	if opened == nil {
		return false
	}
	now, err := os.Stat(path)
	return err != nil || !os.SameFile(opened, now)
}

// prepareDir creates path's directory (0700) for a writer, and checks that
// the file exists and is not empty for a reader.
func prepareDir(path string, readOnly bool) error {
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("store: create the directory of %s: %w", path, err)
		}
		return nil
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fault.Errorf(fault.CodeNotFound,
			"store file %s does not exist; check store.path, or start deploybot serve once to create it", path)
	case err != nil:
		return fmt.Errorf("store: open %s: %w", path, err)
	case fi.Size() == 0:
		return corruptError(path, corruptf("the file is empty"))
	}
	return nil
}

// openBolt calls bolt.Open, turning a panic or a memory fault while it
// reads a damaged file into an error. The free list is loaded here, in
// this goroutine, so that a damaged one cannot crash bbolt's check
// goroutine later. It also returns what the file bbolt opened was when it
// opened it (nil if it opened none), for openFile to compare with path.
func openBolt(path string, timeout time.Duration, readOnly bool) (db *bolt.DB, opened fs.FileInfo, err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	openAndStat := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil {
			return nil, err
		}
		if opened, err = f.Stat(); err != nil {
			f.Close()
			return nil, err
		}
		return f, nil
	}
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         timeout,
		ReadOnly:        readOnly,
		PreLoadFreelist: true,
		OpenFile:        openAndStat,
	})
	return db, opened, err
}

// isFileSystemError reports errors about the file rather than its
// contents: it cannot be opened, locked, read or mapped.
func isFileSystemError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// recoverCorrupt turns a panic in bbolt code reading the file into an
// error wrapping ErrCorrupt; it must be deferred directly.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = corruptf("bbolt failed reading it: %v", r)
	}
}

// replacedError says that the store file at path was replaced by another
// file each of the tries times Open opened it, as deploybot restore does.
// It is CodeUnavailable: once the restore is done, trying again helps.
func replacedError(path string, tries int) error {
	return fault.Errorf(fault.CodeUnavailable,
		"store file %s was replaced by another file while opening it, %d times in a row "+
			"(is deploybot restore running?); wait for it to finish, then try again", path, tries)
}
