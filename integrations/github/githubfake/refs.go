package githubfake

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// moveRef points ref name at h provided it still points at old (zero old:
// it must not exist), then updates pull requests and queues the RefUpdate.
func (s *Server) moveRef(rp *repo, name plumbing.ReferenceName, h, old plumbing.Hash) error {
	if err := rp.setRef(name, h, old); err != nil {
		return err
	}
	return s.refChanged(rp, name, old, h)
}

// deleteRef removes ref name.
func (s *Server) deleteRef(rp *repo, name plumbing.ReferenceName) error {
	old, ok := rp.refHash(name.String())
	if !ok {
		return errRefMoved
	}
	if err := rp.git.Storer.RemoveReference(name); err != nil {
		return err
	}
	return s.refChanged(rp, name, old, plumbing.ZeroHash)
}

func (s *Server) refChanged(rp *repo, name plumbing.ReferenceName, old, h plumbing.Hash) error {
	rp.pushedAt = s.now()
	if !name.IsBranch() {
		return nil
	}
	branch := name.Short()
	ev := RefUpdate{Repo: rp.fullName(), Branch: branch}
	if !old.IsZero() {
		ev.Old = old.String()
	}
	if !h.IsZero() {
		ev.New = h.String()
	}
	s.pending = append(s.pending, ev)
	return s.branchMoved(rp, branch, h)
}

// sig is a commit signature for login at the server's clock.
func (s *Server) sig(login string) object.Signature {
	u := s.userFor(login)
	return object.Signature{Name: u.login, Email: u.email(), When: s.now()}
}

// githubSig is the committer GitHub uses for merges made on the web or API.
func (s *Server) githubSig() object.Signature {
	return object.Signature{Name: "GitHub", Email: "noreply@github.com", When: s.now()}
}

// commitTree writes fs as a tree and a commit with the given parents.
func (s *Server) commitTree(rp *repo, fs files, parents []plumbing.Hash, author, committer object.Signature, msg string) (plumbing.Hash, error) {
	tree, err := rp.buildTree(fs)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return rp.store(&object.Commit{Author: author, Committer: committer, Message: msg,
		TreeHash: tree, ParentHashes: parents})
}
