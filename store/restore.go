package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
)

// RestoreOptions configures Restore.
type RestoreOptions struct {
	// Path is the store file to replace (config key store.path). Required.
	Path string
	// From is the backup to restore, as written by "deploybot backup".
	// Required.
	From string
	// Now names the copy of the previous store that Restore keeps; zero
	// means time.Now().
	Now time.Time
}

// Restore replaces the store file at opts.Path with the backup opts.From,
// atomically: it checks From as Open checks a store, copies it to a
// temporary file beside Path, fsyncs and checks the copy, keeps the
// previous store (damaged or not) as KeptPath(Path, Now) and renames the
// copy to Path, then fsyncs the directory. If Path is a symlink, the file
// it leads to is replaced and kept beside that file. Path holds the previous store
// or the backup at every moment. It returns the path the previous store
// was kept at, "" if there was none.
//
// Errors, with the store left as it was: CodeNotFound if From does not
// exist; CodeInvalid if From is the store itself, is not a regular file,
// or is not a usable deploybot store (wrapping ErrCorrupt when damaged);
// CodeConflict wrapping ErrLocked if a process (deploybot serve, or a CLI
// command) holds the store; the file system error otherwise.
func Restore(opts RestoreOptions) (kept string, err error) {
	if opts.Path == "" || opts.From == "" {
		return "", invalidf("restore needs the store path (store.path) and the backup file to restore")
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if err := checkBackupFile(opts.Path, opts.From); err != nil {
		return "", err
	}
	// Replace the file a symlinked store.path leads to, not the symlink.
	if real, err := filepath.EvalSymlinks(opts.Path); err == nil {
		opts.Path = real
	}
	if err := os.MkdirAll(filepath.Dir(opts.Path), 0o700); err != nil {
		return "", fmt.Errorf("store: create the directory of %s: %w", opts.Path, err)
	}
	unlock, err := lockForRestore(opts.Path)
	if err != nil {
		return "", err
	}
	defer unlock()
	tmp, err := copyToTemp(opts.From, opts.Path)
	if err != nil {
		return "", err
	}
	kept, err = replaceStore(tmp, opts.Path, opts.Now)
	if err != nil {
		return "", removeAfter(tmp, err)
	}
	return kept, nil
}

// KeptPath returns where Restore keeps the store at path that it
// replaces at now: path.before-restore-<UTC time>, e.g.
// deploybot.db.before-restore-20261204T192300Z. If that exists, Restore
// adds .1, .2 and so on.
func KeptPath(path string, now time.Time) string {
	return path + ".before-restore-" + now.UTC().Format(backupTimeFormat)
}

// checkBackupFile refuses a backup file that does not exist, is not a
// regular file, is the store at storePath, or fails Open's checks.
func checkBackupFile(storePath, from string) error {
	fi, err := os.Stat(from)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fault.Errorf(fault.CodeNotFound, "backup file %s does not exist; check the path", from)
	case err != nil:
		return fmt.Errorf("store: stat %s: %w", from, err)
	case !fi.Mode().IsRegular():
		return invalidf("backup %s is not a regular file; name a file written by deploybot backup", from)
	}
	if err := refuseStoreFile(storePath, from, "backup file"); err != nil {
		return err
	}
	return checkRestorable(from, from)
}

// checkRestorable opens the file at path read-only, which runs Open's
// whole consistency and schema check, and closes it. A file that fails is
// reported as the backup named from being unusable (CodeInvalid); a file
// that another process holds is a live store, not a backup (CodeConflict).
func checkRestorable(path, from string) error {
	b, err := Open(Options{Path: path, ReadOnly: true, Timeout: time.Second})
	switch {
	case err == nil:
		return b.Close()
	case errors.Is(err, ErrLocked):
		return fault.Errorf(fault.CodeConflict,
			"backup file %s is held by a running deploybot, so it is a live store, not a backup; "+
				"back it up with deploybot backup and restore that copy: %w", from, ErrLocked)
	case errors.Is(err, ErrCorrupt):
		return invalidf("%s is not a usable deploybot backup, the store was not changed; choose another backup file: %w",
			from, rootCause(err))
	case fault.ErrorCode(err) == fault.CodeNotFound:
		return invalidf("%s is an empty bbolt file, not a deploybot backup, the store was not changed; choose another backup file", from)
	}
	return err
}

// rootCause returns the cause inside the first domain error of err's
// chain, which for a corrupt-file error is what is damaged without the
// advice on restoring the store; err itself if there is none.
func rootCause(err error) error {
	var de *fault.Error
	if errors.As(err, &de) && de.Err != nil {
		return de.Err
	}
	return err
}

// copyToTemp copies from to a new temporary file beside storePath,
// fsyncs it and checks it again (from may have changed while it was
// copied). It returns the temporary file's path; on error it removes it.
func copyToTemp(from, storePath string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("store: open backup %s: %w", from, err)
	}
	defer src.Close()
	tmp, err := createTemp(storePath, "restore")
	if err != nil {
		return "", err
	}
	_, err = fillTemp(tmp, func(f *os.File) error {
		if _, err := io.Copy(f, src); err != nil {
			return fmt.Errorf("store: copy %s to %s: %w", from, f.Name(), err)
		}
		return nil
	})
	if err == nil {
		err = checkRestorable(tmp.Name(), from)
	}
	if err != nil {
		return "", removeAfter(tmp.Name(), err)
	}
	return tmp.Name(), nil
}

// replaceStore keeps the store at path, if there is one, as
// KeptPath(path, now) and renames tmp to path. Without a store it links
// tmp to path, so that a store created meanwhile is not overwritten.
func replaceStore(tmp, path string, now time.Time) (string, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if err := install(tmp, path, false); err != nil {
			return "", fault.Errorf(fault.CodeConflict,
				"store file %s appeared while restoring; stop the deploybot that created it and run restore again: %w", path, err)
		}
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: stat %s: %w", path, err)
	}
	kept, err := keep(path, now)
	if err != nil {
		return "", err
	}
	return kept, install(tmp, path, true)
}

// keep makes KeptPath(path, now) (or, if taken, the first free name with
// .1, .2, ... added) a hard link to the store at path, or a copy of it
// where hard links are not supported. It returns the name used.
func keep(path string, now time.Time) (string, error) {
	base := KeptPath(path, now)
	for i := 0; i < 100; i++ {
		name := base
		if i > 0 {
			name = fmt.Sprintf("%s.%d", base, i)
		}
		err := os.Link(path, name)
		switch {
		case err == nil:
			return name, nil
		case errors.Is(err, fs.ErrExist):
			continue
		}
		return name, copyFile(path, name)
	}
	return "", fmt.Errorf("store: no free name to keep %s as %s.N; remove old copies", path, base)
}

// copyFile copies the file src to the new file dst (0600) and fsyncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: keep %s as %s: %w", src, dst, err)
	}
	_, err = fillTemp(out, func(f *os.File) error {
		_, err := io.Copy(f, in)
		return err
	})
	if err != nil {
		return removeAfter(dst, fmt.Errorf("store: keep %s as %s: %w", src, dst, err))
	}
	return nil
}
