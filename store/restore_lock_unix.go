//go:build unix

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/deploybot/deploybot/deploy/fault"
)

// lockForRestore takes the exclusive lock bbolt takes on the store file
// at path, without waiting and without reading the file (it may be
// damaged), so that no deploybot uses the store while Restore replaces
// it. It returns a function that releases the lock, and CodeConflict
// wrapping ErrLocked if another process holds it. A missing file needs no
// lock.
func lockForRestore(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s to lock it: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, heldError(path)
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil // closing releases the lock
}

// heldError says that a running deploybot holds the store at path.
func heldError(path string) error {
	return fault.Errorf(fault.CodeConflict,
		"a running deploybot (serve, or a CLI command) holds the store %s; "+
			"stop it first, then run restore again; the store was not changed: %w", path, ErrLocked)
}
