package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole store to w: everything
// committed before it started, nothing committed while it runs (it reads
// one snapshot, and writers carry on). It returns the number of bytes
// written and the first read or write error.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: back up %s: %w", s.path, err)
	}
	return n, nil
}

// BackupFile writes a backup to path+".tmp", fsyncs it, opens it and
// runs the consistency check of Open on it, renames it to path and fsyncs
// the directory, so path holds either the previous file or a complete,
// checked backup, never a partial one. It refuses (CodeInvalid) a path
// that is, or whose .tmp is, the live store file, and returns the first
// file system error otherwise; on error the .tmp file is removed.
func (s *Store) BackupFile(path string) (err error) {
	tmp := path + ".tmp"
	if err := s.refuseLive(path, tmp); err != nil {
		return err
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("store: create backup: %w", err)
	}
	defer func() {
		if err != nil {
			err = removeAfter(tmp, err)
		}
	}()
	n, err := s.Backup(f)
	if err != nil {
		return closeFileAfter(f, err)
	}
	if err := f.Sync(); err != nil {
		return closeFileAfter(f, fmt.Errorf("store: sync backup %s: %w", tmp, err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: close backup %s: %w", tmp, err)
	}
	if err := checkCopy(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: rename backup into place: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	s.log.Info("store backed up", "backup", path, "bytes", n)
	return nil
}

// checkCopy opens the backup at path read-only, which runs the whole
// consistency check, and closes it; the error says the backup is unusable.
func checkCopy(path string) error {
	b, err := Open(Options{Path: path, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: the backup written to %s is not usable: %w", path, err)
	}
	return b.Close()
}

// refuseLive returns CodeInvalid if any of paths names the live store
// file, by name or (for existing files) by identity.
func (s *Store) refuseLive(paths ...string) error {
	live, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("store: stat %s: %w", s.path, err)
	}
	// Abs fails only without a working directory; then both are "" and
	// the path is refused, the safe side.
	liveAbs, _ := filepath.Abs(s.path)
	for _, p := range paths {
		abs, _ := filepath.Abs(p)
		fi, err := os.Stat(p)
		if abs == liveAbs || (err == nil && os.SameFile(fi, live)) {
			return invalidf("backup path %s is the live store file %s; choose another path", p, s.path)
		}
	}
	return nil
}

// closeFileAfter closes f after err and returns err, joined with the
// close error if there is one.
func closeFileAfter(f *os.File, err error) error {
	if cerr := f.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

// removeAfter removes a partial backup after err and returns err, joined
// with the removal error if there is one.
func removeAfter(tmp string, err error) error {
	if rerr := os.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		return errors.Join(err, rerr)
	}
	return err
}

// syncDir fsyncs a directory so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: open %s to sync it: %w", dir, err)
	}
	if err := d.Sync(); err != nil {
		return closeFileAfter(d, fmt.Errorf("store: sync %s: %w", dir, err))
	}
	if err := d.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", dir, err)
	}
	return nil
}
