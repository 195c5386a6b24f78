package deploy

import (
	"errors"
	"io/fs"

	"github.com/deploybot/deploybot/deploy/fault"
)

// repoFiles reads the files of a GitOps repository, each at most once, so
// that one plan or status table sees one consistent set of bytes even when
// several services share a file.
type repoFiles struct {
	fsys fs.FS
	data map[string][]byte
	errs map[string]error
}

// newRepoFiles returns a reader of fsys.
func newRepoFiles(fsys fs.FS) *repoFiles {
	return &repoFiles{fsys: fsys, data: map[string][]byte{}, errs: map[string]error{}}
}

// read returns the bytes of the file at the slash-separated path. It
// returns a *Error with CodeInvalid for a path that leaves the repository,
// an error wrapping fs.ErrNotExist when the file is missing, and a
// CodeInternal *Error when it can't be read.
func (r *repoFiles) read(path string) ([]byte, error) {
	if data, ok := r.data[path]; ok {
		return data, nil
	}
	if err, ok := r.errs[path]; ok {
		return nil, err
	}
	data, err := r.load(path)
	if err != nil {
		r.errs[path] = err
		return nil, err
	}
	r.data[path] = data
	return data, nil
}

// load reads path from the file system.
func (r *repoFiles) load(path string) ([]byte, error) {
	if !fs.ValidPath(path) {
		return nil, fault.Errorf(fault.CodeInvalid, "%q is not a file path inside the repository; fix the path template in deploybot.yaml", path)
	}
	data, err := fs.ReadFile(r.fsys, path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, err
	case err != nil:
		// A repository read through GitHub fails with domain codes (a
		// token without access is CodeUnauthorised); keep them.
		return nil, inFile(path, err)
	}
	return data, nil
}

// readOptional returns the bytes at path, or nil when the file is missing.
func (r *repoFiles) readOptional(path string) ([]byte, error) {
	data, err := r.read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// inFile returns err with path put in front of its message, keeping the
// code of a domain error; other errors become CodeInternal.
func inFile(path string, err error) error {
	var de *fault.Error
	if errors.As(err, &de) {
		return &fault.Error{Code: de.Code, Message: path + ": " + de.Message, Err: de.Err}
	}
	return fault.Errorf(fault.CodeInternal, "%s: %w", path, err)
}
