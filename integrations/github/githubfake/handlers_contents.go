package githubfake

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// handleContents serves GET contents/{path}?ref=: a file (base64 JSON, or
// raw with Accept: application/vnd.github.raw) or a directory listing.
func (s *Server) handleContents(w http.ResponseWriter, r *http.Request, rp *repo) {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = rp.defaultBranch
	}
	h, err := rp.resolve(ref)
	if err != nil {
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, msg: "No commit found for the ref " + ref})
		return
	}
	c, _ := rp.commitObject(h)
	root, err := rp.git.TreeObject(c.TreeHash)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	p := strings.Trim(r.PathValue("path"), "/")
	if p == "" {
		s.writeDir(w, r, rp, ref, h, "", root)
		return
	}
	e, err := root.FindEntry(p)
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	if e.Mode == filemode.Dir {
		sub, err := root.Tree(p)
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		s.writeDir(w, r, rp, ref, h, p, sub)
		return
	}
	s.writeFile(w, r, rp, ref, h, p, e)
}

func (s *Server) writeFile(w http.ResponseWriter, r *http.Request, rp *repo, ref string, at plumbing.Hash, p string, e *object.TreeEntry) {
	if e.Mode == filemode.Submodule {
		s.writeJSON(w, r, http.StatusOK, s.contentItem(rp, ref, at, p, *e, 0))
		return
	}
	data, err := rp.readBlob(e.Hash)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	if wantsRaw(r) {
		s.writeBody(w, r, http.StatusOK, mediaTypeRaw, data)
		return
	}
	item := s.contentItem(rp, ref, at, p, *e, int64(len(data)))
	content := encodeBase64(data)
	item.Content, item.Encoding = &content, "base64"
	s.writeJSON(w, r, http.StatusOK, item)
}

func (s *Server) writeDir(w http.ResponseWriter, r *http.Request, rp *repo, ref string, at plumbing.Hash, dir string, t *object.Tree) {
	out := []wireContent{}
	for _, e := range t.Entries {
		var size int64
		if e.Mode != filemode.Dir && e.Mode != filemode.Submodule {
			if o, err := rp.git.Storer.EncodedObject(plumbing.BlobObject, e.Hash); err == nil {
				size = o.Size()
			}
		}
		out = append(out, s.contentItem(rp, ref, at, path.Join(dir, e.Name), e, size))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// contentItem renders one contents entry (without content).
func (s *Server) contentItem(rp *repo, ref string, at plumbing.Hash, p string, e object.TreeEntry, size int64) wireContent {
	typ, gitKind := "file", "blobs"
	switch e.Mode {
	case filemode.Dir:
		typ, gitKind = "dir", "trees"
	case filemode.Submodule:
		typ, gitKind = "submodule", "trees"
	case filemode.Symlink:
		typ = "symlink"
	}
	self := s.apiURL(rp, "contents/"+escapePath(p)+"?ref="+url.QueryEscape(ref))
	git := s.apiURL(rp, "git/"+gitKind+"/"+e.Hash.String())
	html := s.htmlURL(rp, map[bool]string{true: "tree", false: "blob"}[typ == "dir"]+"/"+ref+"/"+escapePath(p))
	item := wireContent{Type: typ, Size: size, Name: path.Base(p), Path: p, SHA: e.Hash.String(),
		URL: self, GitURL: git, HTMLURL: html,
		Links: map[string]string{"self": self, "git": git, "html": html}}
	if typ == "file" || typ == "symlink" {
		dl := s.rawURL(rp, at.String(), p)
		item.DownloadURL = &dl
	}
	return item
}
