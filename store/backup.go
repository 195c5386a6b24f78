package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupOptions says how BackupFile and ReceiveBackup treat their output.
type BackupOptions struct {
	// Force replaces a file that already exists at the output path;
	// without it such a file is refused and left as it is.
	Force bool
}

// backupTimeFormat names the backups BackupPath puts in a directory and
// the copies Restore keeps: UTC, to the second, e.g. 20261204T192300Z.
const backupTimeFormat = "20060102T150405Z"

// BackupPath returns the file a backup to out is written to: out itself,
// or, when out is an existing directory (or ends with a slash),
// deploybot-<UTC time>.db inside it. It returns CodeInvalid if out is
// empty or names a directory that does not exist.
func BackupPath(out string, now time.Time) (string, error) {
	if out == "" {
		return "", invalidf("the backup path is empty; name a file or a directory to write the backup to")
	}
	fi, err := os.Stat(out)
	switch {
	case err == nil && fi.IsDir():
		return filepath.Join(out, "deploybot-"+now.UTC().Format(backupTimeFormat)+".db"), nil
	case strings.HasSuffix(out, string(filepath.Separator)):
		return "", invalidf("backup directory %s does not exist; create it first or choose another path", out)
	}
	return out, nil
}

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

// BackupFile writes a backup of s to path: to a new temporary file beside
// it, fsynced, opened and checked as Open checks a store, then moved to
// path and the directory fsynced, so path holds either what it held
// before or a complete, checked backup, never a partial one.
//
// It refuses (CodeInvalid) a path that is, or resolves to (symlink, hard
// link, ".."), the store file or its API socket, a path in a directory
// that does not exist, and, unless opts.Force, a path where a file
// already exists. It returns the first file system error otherwise; on
// error the temporary file is removed.
func (s *Store) BackupFile(path string, opts BackupOptions) error {
	n, err := writeBackup(s.path, path, opts, func(f *os.File) error {
		_, err := s.Backup(f)
		return err
	})
	if err != nil {
		return err
	}
	s.log.Info("store backed up", "backup", path, "bytes", n)
	return nil
}

// writeBackup checks that out is a safe place for a backup of the store
// at storePath, has fill write the backup into a temporary file beside
// out, checks it and moves it to out. It returns the size of the backup.
func writeBackup(storePath, out string, opts BackupOptions, fill func(*os.File) error) (int64, error) {
	if err := refuseTarget(storePath, out, opts.Force); err != nil {
		return 0, err
	}
	tmp, err := createTemp(out, "backup")
	if err != nil {
		return 0, err
	}
	n, err := fillTemp(tmp, fill)
	if err == nil {
		err = checkCopy(tmp.Name(), out)
	}
	if err == nil {
		err = install(tmp.Name(), out, opts.Force)
	}
	if err != nil {
		return 0, removeAfter(tmp.Name(), err)
	}
	return n, nil
}

// createTemp creates a new, empty file (0600) beside path, named after it
// and purpose. Its name is random and it is created exclusively, so it is
// never the store or any other file that exists.
func createTemp(path, purpose string) (*os.File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+"."+purpose+"-*.tmp")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, invalidf("the directory of %s does not exist; create it or choose another path", path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: create a temporary file beside %s: %w", path, err)
	}
	return f, nil
}

// fillTemp has fill write f, fsyncs and closes f, and returns its size.
func fillTemp(f *os.File, fill func(*os.File) error) (int64, error) {
	if err := fill(f); err != nil {
		return 0, closeFileAfter(f, err)
	}
	if err := f.Sync(); err != nil {
		return 0, closeFileAfter(f, fmt.Errorf("store: sync %s: %w", f.Name(), err))
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, closeFileAfter(f, fmt.Errorf("store: stat %s: %w", f.Name(), err))
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("store: close %s: %w", f.Name(), err)
	}
	return fi.Size(), nil
}

// install moves the complete file tmp to path and fsyncs the directory.
// With replace it renames over whatever is at path; without, it links tmp
// to path, which fails if something appeared there meanwhile, and removes
// tmp.
func install(tmp, path string, replace bool) error {
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("store: move %s into place: %w", path, err)
		}
		return syncDir(filepath.Dir(path))
	}
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return existsError(path)
	} else if err != nil {
		return fmt.Errorf("store: move %s into place: %w", path, err)
	}
	if err := os.Remove(tmp); err != nil {
		return fmt.Errorf("store: remove %s: %w", tmp, err)
	}
	return syncDir(filepath.Dir(path))
}

// checkCopy opens the copy at tmp read-only, which runs the whole
// consistency check, and closes it; the error says the copy meant for
// path is unusable.
func checkCopy(tmp, path string) error {
	b, err := Open(Options{Path: tmp, ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("store: the copy written for %s is not usable: %w", path, err)
	}
	return b.Close()
}

// refuseTarget returns CodeInvalid if out is, or resolves to, the store
// file at storePath or its API socket, or, unless replace, if
// something already exists at out.
func refuseTarget(storePath, out string, replace bool) error {
	if err := refuseStoreFile(storePath, out, "backup path"); err != nil {
		return err
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("store: stat %s: %w", out, err)
	case fi.IsDir():
		return invalidf("backup path %s is a directory; name a file, or let deploybot name one inside it", out)
	case !replace:
		return existsError(out)
	}
	return nil
}

// refuseStoreFile returns CodeInvalid if path is, or resolves to, the
// store file at storePath or its API socket; what names path in the
// message.
func refuseStoreFile(storePath, path, what string) error {
	for _, own := range []string{storePath, SocketPath(storePath)} {
		if samePath(own, path) {
			return invalidf("%s %s is the store file %s (or its API socket); choose another path", what, path, storePath)
		}
	}
	return nil
}

// samePath reports whether a and b name the same file: the same path
// once made absolute and cleaned with symlinks resolved, or the same
// file by identity (a symlink or hard link to it). When a path cannot be
// resolved it compares the paths as given, cleaned.
func samePath(a, b string) bool {
	if resolve(a) == resolve(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// resolve returns path absolute and cleaned, with the symlinks of its
// directory and, if it exists, of the file itself resolved.
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	dir, base := filepath.Split(abs)
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(r, base)
	}
	return abs
}

// existsError refuses to replace the file at path.
func existsError(path string) error {
	return invalidf("%s already exists; pass --force to replace it, or choose another path", path)
}

// closeFileAfter closes f after err and returns err, joined with the
// close error if there is one.
func closeFileAfter(f *os.File, err error) error {
	if cerr := f.Close(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

// removeAfter removes a partial file after err and returns err, joined
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
