package githubfake

import (
	"net/http"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

const (
	msgRefExists  = "Reference already exists"
	msgRefMissing = "Reference does not exist"
	msgNoObject   = "Object does not exist"
	msgNotFF      = "Update is not a fast forward"
)

// refName turns the {ref...} of a URL ("heads/main") into "refs/heads/main".
func refName(r *http.Request) plumbing.ReferenceName {
	return plumbing.ReferenceName("refs/" + strings.TrimPrefix(r.PathValue("ref"), "refs/"))
}

func (s *Server) renderRef(rp *repo, name string, h plumbing.Hash) wireRef {
	w := wireRef{Ref: name, NodeID: "REF_fake" + h.String()[:12], URL: s.apiURL(rp, "git/"+escapePath(name))}
	typ := "commit"
	if t, ok := rp.objectType(h); ok && t == plumbing.TagObject {
		typ = "tag"
	}
	w.Object.SHA, w.Object.Type = h.String(), typ
	w.Object.URL = s.apiURL(rp, "git/"+typ+"s/"+h.String())
	return w
}

// handleGetRef serves GET git/ref/{ref}: exact match only.
func (s *Server) handleGetRef(w http.ResponseWriter, r *http.Request, rp *repo) {
	name := refName(r)
	h, ok := rp.refHash(name.String())
	if !ok {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderRef(rp, name.String(), h))
}

// handleMatchingRefs serves GET git/matching-refs/{ref}: refs starting with
// the prefix, possibly none.
func (s *Server) handleMatchingRefs(w http.ResponseWriter, r *http.Request, rp *repo) {
	refs, err := rp.refs(refName(r).String())
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	lo, hi := s.page(w, r, len(refs))
	out := []wireRef{}
	for _, ref := range refs[lo:hi] {
		out = append(out, s.renderRef(rp, ref.Name().String(), ref.Hash()))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleCreateRef serves POST git/refs {"ref": "refs/heads/x", "sha"}.
func (s *Server) handleCreateRef(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in struct {
		Ref string `json:"ref"`
		SHA string `json:"sha"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	name := plumbing.ReferenceName(in.Ref)
	if !strings.HasPrefix(in.Ref, "refs/") || strings.Count(in.Ref, "/") < 2 || name.Validate() != nil {
		s.writeAPIError(w, errUnprocessable("Reference name is invalid"))
		return
	}
	h, e := existingObject(rp, in.SHA)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	if err := s.moveRef(rp, name, h, plumbing.ZeroHash); err == errRefMoved {
		s.writeAPIError(w, errUnprocessable(msgRefExists))
		return
	} else if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, http.StatusCreated, s.renderRef(rp, in.Ref, h))
}

// handleUpdateRef serves PATCH git/refs/{ref} {"sha", "force"}: fast-forward
// only unless forced.
func (s *Server) handleUpdateRef(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	name := refName(r)
	old, ok := rp.refHash(name.String())
	if !ok {
		s.writeAPIError(w, errUnprocessable(msgRefMissing))
		return
	}
	if e := protectedRef(rp, name); e != nil {
		s.writeAPIError(w, e)
		return
	}
	h, e := existingObject(rp, in.SHA)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	if !in.Force && !rp.isAncestor(old, h) {
		s.writeAPIError(w, errUnprocessable(msgNotFF))
		return
	}
	if err := s.moveRef(rp, name, h, old); err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderRef(rp, name.String(), h))
}

// handleDeleteRef serves DELETE git/refs/{ref}.
func (s *Server) handleDeleteRef(w http.ResponseWriter, r *http.Request, rp *repo) {
	if e := protectedRef(rp, refName(r)); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if err := s.deleteRef(rp, refName(r)); err == errRefMoved {
		s.writeAPIError(w, errUnprocessable(msgRefMissing))
		return
	} else if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.noContent(w)
}

// isAncestor reports whether commit a is reachable from commit b.
func (rp *repo) isAncestor(a, b plumbing.Hash) bool {
	if a == b {
		return true
	}
	cs, err := rp.reachable(b)
	if err != nil {
		return false
	}
	for _, c := range cs {
		if c.Hash == a {
			return true
		}
	}
	return false
}

// protectedRef refuses direct updates of a protected branch: changes go
// through pull requests.
func protectedRef(rp *repo, name plumbing.ReferenceName) *apiError {
	if _, ok := rp.protection[name.Short()]; ok && name.IsBranch() {
		return errUnprocessable("Protected branch update failed for " + name.String() + ".")
	}
	return nil
}

// existingObject parses the full SHA of an object the repository holds; it
// answers 422 "Object does not exist" for any other.
func existingObject(rp *repo, sha string) (plumbing.Hash, *apiError) {
	h := hashOf(sha)
	if _, ok := rp.objectType(h); !ok {
		return h, errUnprocessable(msgNoObject)
	}
	return h, nil
}
