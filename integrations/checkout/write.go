package checkout

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// createdFileMode is the mode of a file Apply creates.
const createdFileMode fs.FileMode = 0o644

// Write is one file about to be written, checked by Prepare.
type Write struct {
	path    string // on disk, symlinks resolved
	data    []byte
	old     []byte // what the file held before; nil when created
	mode    fs.FileMode
	created bool
}

// Prepare checks every file of files (paths relative to the checkout at
// dir) before any is written: existing files still hold what the plan
// read and are regular files inside dir; created files do not exist yet.
// It returns a *fault.Error with CodeConflict or CodeInvalid naming the
// file otherwise.
func Prepare(dir string, files []deploy.FileChange) ([]Write, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	writes := make([]Write, len(files))
	for i, f := range files {
		if writes[i], err = prepareWrite(root, f); err != nil {
			return nil, err
		}
	}
	return writes, nil
}

// prepareWrite checks one file; see Prepare.
func prepareWrite(root string, f deploy.FileChange) (Write, error) {
	path := filepath.Join(root, filepath.FromSlash(f.Path))
	if f.Old == nil {
		_, err := os.Lstat(path)
		if err == nil {
			return Write{}, fault.Errorf(fault.CodeConflict, "%s appeared while the promotion was being planned; run the command again", f.Path)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return Write{}, err
		}
		return Write{path: path, data: f.New, mode: createdFileMode, created: true}, nil
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return Write{}, err
	}
	if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return Write{}, fault.Errorf(fault.CodeInvalid, "%s is a symbolic link to %s, outside the repository; deploybot edits only files inside it", f.Path, real)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return Write{}, err
	}
	if !fi.Mode().IsRegular() {
		return Write{}, fault.Errorf(fault.CodeInvalid, "%s is not a regular file", f.Path)
	}
	if cur, err := os.ReadFile(real); err != nil {
		return Write{}, err
	} else if !bytes.Equal(cur, f.Old) {
		return Write{}, fault.Errorf(fault.CodeConflict, "%s changed while the promotion was being planned; run the command again", f.Path)
	}
	return Write{path: real, data: f.New, old: f.Old, mode: fi.Mode().Perm()}, nil
}

// Created reports whether the file does not exist yet: Apply creates it.
func (w Write) Created() bool { return w.created }

// ApplyError is Apply's error when a write failed: Err is that write's
// error. The Written files before it were put back as they were, except
// those in Unrestored (their paths on disk).
type ApplyError struct {
	Err        error
	Written    int
	Unrestored []string
}

func (e *ApplyError) Error() string { return e.Err.Error() }
func (e *ApplyError) Unwrap() error { return e.Err }

// Apply writes every file in order, each replaced atomically. When one
// fails it undoes those already written, newest first, and returns an
// *ApplyError.
func Apply(writes []Write) error {
	for i, w := range writes {
		if err := w.write(); err != nil {
			return &ApplyError{Err: err, Written: i, Unrestored: undoWrites(writes, i)}
		}
	}
	return nil
}

// undo puts the file back as it was before write: removes a created file,
// rewrites an edited one with its old bytes.
func (w Write) undo() error {
	if w.created {
		return os.Remove(w.path)
	}
	return Write{path: w.path, data: w.old, mode: w.mode}.write()
}

// undoWrites undoes the first n writes, newest first, and returns the
// paths it could not restore.
func undoWrites(writes []Write, n int) []string {
	var failed []string
	for i := n - 1; i >= 0; i-- {
		if err := writes[i].undo(); err != nil {
			failed = append(failed, writes[i].path)
		}
	}
	return failed
}

// write replaces the file atomically: a temporary file in the same
// directory, given the mode, synced, then renamed over the file.
func (w Write) write() (err error) {
	dir := filepath.Dir(w.path)
	if w.created {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(w.path)+".deploybot-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(w.data); err != nil {
		return err
	}
	if err := tmp.Chmod(w.mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), w.path)
}
