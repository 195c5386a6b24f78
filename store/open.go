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

	"github.com/deploybot/deploybot/deploy"
)

// openFile opens the bbolt file at path, creating it and its directory
// unless readOnly, and translates bbolt's failures into errors an operator
// can act on.
func openFile(path string, timeout time.Duration, readOnly bool) (*bolt.DB, error) {
	if err := prepareDir(path, readOnly); err != nil {
		return nil, err
	}
	db, err := openBolt(path, timeout, readOnly)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, bolt.ErrTimeout):
		return nil, lockedError(path, timeout)
	case isFileSystemError(err):
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	default:
		return nil, corruptError(path, err)
	}
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
		return deploy.Errorf(deploy.CodeNotFound,
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
// goroutine later.
func openBolt(path string, timeout time.Duration, readOnly bool) (db *bolt.DB, err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         timeout,
		ReadOnly:        readOnly,
		PreLoadFreelist: true,
	})
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
