package githubfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeEntryIn is one entry of POST git/trees. SHA is kept raw to tell an
// absent sha from "sha": null (which deletes the path).
type treeEntryIn struct {
	Path    string          `json:"path"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	SHA     json.RawMessage `json:"sha"`
	Content *string         `json:"content"`
}

var validModes = map[string]filemode.FileMode{
	"100644": filemode.Regular, "100755": filemode.Executable, "040000": filemode.Dir,
	"160000": filemode.Submodule, "120000": filemode.Symlink,
}

// handleCreateTree serves POST git/trees: entries applied on top of
// base_tree (if any); "sha": null deletes a path.
func (s *Server) handleCreateTree(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in struct {
		BaseTree string        `json:"base_tree"`
		Tree     []treeEntryIn `json:"tree"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	fs := files{}
	if in.BaseTree != "" {
		var err error
		if t, ok := rp.objectType(hashOf(in.BaseTree)); !ok || t != plumbing.TreeObject {
			s.writeAPIError(w, errUnprocessable("Invalid tree info"))
			return
		}
		if fs, err = rp.flatten(hashOf(in.BaseTree)); err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
	}
	for _, e := range in.Tree {
		if ae := s.applyTreeEntry(rp, fs, e); ae != nil {
			s.writeAPIError(w, ae)
			return
		}
	}
	h, err := rp.buildTree(fs)
	if err != nil {
		s.writeAPIError(w, errUnprocessable("GitRPC::BadObjectState"))
		return
	}
	s.writeTree(w, r, rp, h, false, http.StatusCreated)
}

// applyTreeEntry applies one requested entry to fs.
func (s *Server) applyTreeEntry(rp *repo, fs files, e treeEntryIn) *apiError {
	p := strings.Trim(e.Path, "/")
	mode, ok := validModes[e.Mode]
	if p == "" || path.Clean(p) != p || !ok {
		return errUnprocessable("Invalid tree info")
	}
	switch {
	case e.Content != nil:
		if mode == filemode.Dir || mode == filemode.Submodule {
			return errUnprocessable("Invalid tree info")
		}
		h, err := rp.writeBlob([]byte(*e.Content))
		if err != nil {
			return internal(err)
		}
		removeUnder(fs, p)
		fs[p] = entry{hash: h, mode: mode}
	case e.SHA == nil:
		return errUnprocessable("Invalid tree info")
	case rawJSONIsNull(e.SHA):
		_, isFile := fs[p]
		if !isFile && !hasPrefix(fs, p) {
			return errUnprocessable("GitRPC::BadObjectState")
		}
		delete(fs, p)
		removeUnder(fs, p)
	default:
		return s.applyTreeSHA(rp, fs, p, mode, e.SHA)
	}
	return nil
}

// applyTreeSHA places an existing object at p: a blob, a whole subtree, or a
// submodule commit.
func (s *Server) applyTreeSHA(rp *repo, fs files, p string, mode filemode.FileMode, raw json.RawMessage) *apiError {
	var sha string
	if json.Unmarshal(raw, &sha) != nil || !fullSHA.MatchString(sha) {
		return errUnprocessable("Invalid tree info")
	}
	h := plumbing.NewHash(sha)
	typ, exists := rp.objectType(h)
	delete(fs, p)
	removeUnder(fs, p)
	switch {
	case mode == filemode.Submodule:
		fs[p] = entry{hash: h, mode: mode}
	case mode == filemode.Dir && exists && typ == plumbing.TreeObject:
		sub, err := rp.flatten(h)
		if err != nil {
			return internal(err)
		}
		for sp, se := range sub {
			fs[p+"/"+sp] = se
		}
	case mode != filemode.Dir && exists && typ == plumbing.BlobObject:
		fs[p] = entry{hash: h, mode: mode}
	default:
		return errUnprocessable(fmt.Sprintf("tree.sha %s is not a valid %s", sha, map[bool]string{true: "tree", false: "blob"}[mode == filemode.Dir]))
	}
	return nil
}

// removeUnder deletes every file below directory dir.
func removeUnder(fs files, dir string) {
	for p := range fs {
		if strings.HasPrefix(p, dir+"/") {
			delete(fs, p)
		}
	}
}

// handleGetTree serves GET git/trees/{sha}[?recursive=1]; sha may also name
// a commit or a branch.
func (s *Server) handleGetTree(w http.ResponseWriter, r *http.Request, rp *repo) {
	ref := r.PathValue("sha")
	h := hashOf(ref)
	if t, ok := rp.objectType(h); !ok || t != plumbing.TreeObject {
		c, err := rp.resolve(ref)
		if err != nil {
			s.writeAPIError(w, errNotFoundAPI())
			return
		}
		co, _ := rp.commitObject(c)
		h = co.TreeHash
	}
	recursive := r.URL.Query().Get("recursive")
	s.writeTree(w, r, rp, h, recursive != "" && recursive != "0" && recursive != "false", http.StatusOK)
}

// writeTree renders tree h (recursively: every entry, trees included).
func (s *Server) writeTree(w http.ResponseWriter, r *http.Request, rp *repo, h plumbing.Hash, recursive bool, status int) {
	t, err := rp.git.TreeObject(h)
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	out := wireTree{SHA: h.String(), URL: s.apiURL(rp, "git/trees/"+h.String()), Tree: []wireTreeEntry{}}
	walker := object.NewTreeWalker(t, recursive, nil)
	defer walker.Close()
	for {
		name, e, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		out.Tree = append(out.Tree, s.renderTreeEntry(rp, name, e))
	}
	s.writeJSON(w, r, status, out)
}

func (s *Server) renderTreeEntry(rp *repo, name string, e object.TreeEntry) wireTreeEntry {
	we := wireTreeEntry{Path: name, Mode: fmt.Sprintf("%06o", uint32(e.Mode)), SHA: e.Hash.String()}
	switch e.Mode {
	case filemode.Dir:
		we.Type, we.URL = "tree", s.apiURL(rp, "git/trees/"+e.Hash.String())
	case filemode.Submodule:
		we.Type = "commit"
	default:
		we.Type, we.URL = "blob", s.apiURL(rp, "git/blobs/"+e.Hash.String())
		if o, err := rp.git.Storer.EncodedObject(plumbing.BlobObject, e.Hash); err == nil {
			size := o.Size()
			we.Size = &size
		}
	}
	return we
}
