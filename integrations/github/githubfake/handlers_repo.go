package githubfake

import (
	"net/http"
	"strings"
)

// handleAuthUser serves GET /user: the token's user. Installation tokens get
// 403, as on GitHub.
func (s *Server) handleAuthUser(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if c.installation {
		s.writeAPIError(w, errForbidden())
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderAccount(s.userFor(c.login), true))
}

// handleUser serves GET /users/{user} for accounts the server has seen.
func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.users[strings.ToLower(r.PathValue("user"))]
	if !ok {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderAccount(u, false))
}

// handleRepo serves GET /repos/{owner}/{repo}.
func (s *Server) handleRepo(w http.ResponseWriter, r *http.Request, rp *repo) {
	s.writeJSON(w, r, http.StatusOK, s.renderRepo(rp, callerOf(r)))
}

// handleBranch serves GET /repos/{owner}/{repo}/branches/{branch}.
func (s *Server) handleBranch(w http.ResponseWriter, r *http.Request, rp *repo) {
	name := r.PathValue("branch")
	h := rp.head(name)
	if h.IsZero() {
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, msg: "Branch not found"})
		return
	}
	c, err := rp.commitObject(h)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	rc, err := s.renderRepoCommit(rp, c, false)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	_, protected := rp.protection[name]
	protection := renderProtection(rp.protection[name], protected)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"name": name, "commit": rc, "protected": protected,
		"protection": protection, "protection_url": s.apiURL(rp, "branches/"+escapePath(name)+"/protection"),
		"_links": map[string]string{"self": s.apiURL(rp, "branches/"+escapePath(name)),
			"html": s.htmlURL(rp, "tree/"+escapePath(name))}})
}

// handleListBranches serves GET /repos/{owner}/{repo}/branches.
func (s *Server) handleListBranches(w http.ResponseWriter, r *http.Request, rp *repo) {
	refs, err := rp.refs("refs/heads/")
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	lo, hi := s.page(w, r, len(refs))
	out := []map[string]any{}
	for _, ref := range refs[lo:hi] {
		name, sha := ref.Name().Short(), ref.Hash().String()
		_, protected := rp.protection[name]
		out = append(out, map[string]any{"name": name, "protected": protected,
			"commit": wireSHAURL{SHA: sha, URL: s.apiURL(rp, "commits/"+sha)}})
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleRaw serves the download_url of contents: raw file bytes at a ref.
func (s *Server) handleRaw(w http.ResponseWriter, r *http.Request, rp *repo) {
	data, err := s.fileAt(rp, r.PathValue("ref"), r.PathValue("path"))
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.writeBody(w, r, http.StatusOK, "text/plain; charset=utf-8", data)
}

// fileAt reads path at a commit-ish; ErrNotFound when either is missing.
func (s *Server) fileAt(rp *repo, ref, path string) ([]byte, error) {
	h, err := rp.resolve(ref)
	if err != nil {
		return nil, err
	}
	fs, err := rp.commitFiles(h)
	if err != nil {
		return nil, err
	}
	e, ok := fs[strings.Trim(path, "/")]
	if !ok {
		return nil, ErrNotFound
	}
	return rp.readBlob(e.hash)
}
