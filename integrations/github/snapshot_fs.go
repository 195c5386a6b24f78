package github

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// mediaTypeRaw asks the contents API for a file's bytes instead of JSON.
const mediaTypeRaw = "application/vnd.github.raw"

// snapshotFS is the repository at one commit, fetched file by file.
type snapshotFS struct {
	ctx context.Context // the Snapshot caller's; see Client.Snapshot
	c   *Client
	sha string

	mu    sync.Mutex
	files map[string][]byte // fetched so far; nil value: missing
}

// Open opens the file name.
func (s *snapshotFS) Open(name string) (fs.File, error) {
	data, err := s.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(data), info: fileInfo{name: path.Base(name), size: int64(len(data))}}, nil
}

// Stat returns the file's size; it costs the same request as reading it.
func (s *snapshotFS) Stat(name string) (fs.FileInfo, error) {
	data, err := s.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return fileInfo{name: path.Base(name), size: int64(len(data))}, nil
}

// ReadFile returns the file's bytes, fetching them on first use.
func (s *snapshotFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	s.mu.Lock()
	data, ok := s.files[name]
	s.mu.Unlock()
	if !ok {
		var err error
		if data, err = s.fetch(name); err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		s.mu.Lock()
		s.files[name] = data
		s.mu.Unlock()
	}
	if data == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil
}

// fetch reads one file with GET contents/{path}?ref={sha} as raw bytes; a
// missing file is a nil slice.
func (s *snapshotFS) fetch(name string) ([]byte, error) {
	u := fmt.Sprintf("repos/%s/%s/contents/%s?ref=%s", s.c.owner, s.c.name, escapePath(name), s.sha)
	req, err := s.c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", mediaTypeRaw)
	var buf bytes.Buffer
	_, err = s.c.gh.Do(s.ctx, req, &buf)
	switch {
	case statusCode(err) == http.StatusNotFound:
		return nil, nil
	case err != nil:
		return nil, s.c.fail(err, op{what: "read " + name + " at " + s.sha[:7], perm: permContentsRead})
	}
	data := buf.Bytes()
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// escapePath escapes each segment of a slash-separated path for a URL.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// memFile is an open snapshot file.
type memFile struct {
	*bytes.Reader
	info fileInfo
}

// Stat describes the file; it never fails.
func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }

// Close does nothing; it never fails.
func (f *memFile) Close() error { return nil }

var _ io.ReaderAt = (*memFile)(nil)

// fileInfo describes a snapshot file: a regular, read-only file.
type fileInfo struct {
	name string
	size int64
}

// Name, Size, Mode, ModTime, IsDir and Sys implement fs.FileInfo.
func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() fs.FileMode  { return 0o444 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }
