package githubfake

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// pullOf finds repository repoName and its pull request n.
func (s *Server) pullOf(repoName string, n int) (*repo, *pull, error) {
	rp, err := s.repoFor(repoName)
	if err != nil {
		return nil, nil, err
	}
	pr, err := rp.pullFor(n)
	return rp, pr, err
}

// asError turns an API refusal into a Go error carrying GitHub's message.
func asError(e *apiError) error {
	if e == nil {
		return nil
	}
	return fmt.Errorf("githubfake: %d %s", e.status, e.msg)
}

// PushCommit plays a person pushing one commit by author to branch:
// contents are written (a nil value deletes the path) on top of the
// branch's head. A missing branch is created from the default branch. It returns the new
// commit's SHA, or ErrNotFound for an unknown repository.
func (s *Server) PushCommit(repoName, branch, author, message string, contents map[string][]byte) (string, error) {
	return inRepo(s, repoName, func(rp *repo) (string, error) {
		h, err := s.pushCommit(rp, branch, author, message, contents)
		return h.String(), err
	})
}

func (s *Server) pushCommit(rp *repo, branch, author, message string, contents map[string][]byte) (plumbing.Hash, error) {
	old := rp.head(branch)
	parent := old
	if parent.IsZero() {
		parent = rp.head(rp.defaultBranch)
	}
	fs, err := rp.commitFiles(parent)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for p, data := range contents {
		p = strings.Trim(p, "/")
		if data == nil {
			delete(fs, p)
			continue
		}
		h, err := rp.writeBlob(data)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		fs[p] = entry{hash: h, mode: filemode644(fs[p])}
	}
	sig := s.sig(author)
	h, err := s.commitTree(rp, fs, []plumbing.Hash{parent}, sig, sig, message)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("githubfake: commit on %s: %w", branch, err)
	}
	return h, s.moveRef(rp, branchRef(branch), h, old)
}

// MergePR plays a person (by) merging pull request n with a merge commit,
// like an administrator: branch protection is bypassed, conflicts are not.
// It returns the merge commit's SHA, or an error with GitHub's message.
func (s *Server) MergePR(repoName string, n int, by string) (string, error) {
	s.lock()
	defer s.unlock()
	rp, pr, err := s.pullOf(repoName, n)
	if err != nil {
		return "", err
	}
	h, e := s.mergePull(rp, pr, mergeRequest{by: by, admin: true})
	if e != nil {
		return "", asError(e)
	}
	return h.String(), nil
}

// ClosePR plays a person closing pull request n without merging. Closing a
// closed pull request does nothing.
func (s *Server) ClosePR(repoName string, n int) error {
	s.lock()
	defer s.unlock()
	rp, pr, err := s.pullOf(repoName, n)
	if err != nil {
		return err
	}
	if pr.state != "open" {
		return nil
	}
	return s.closePull(rp, pr)
}

// Approve plays by approving pull request n at its head. GitHub refuses
// an author's approval of their own pull request, and so does this.
func (s *Server) Approve(repoName string, n int, by string) error {
	return s.Review(repoName, n, by, "APPROVE", "")
}

// Review plays by reviewing pull request n: event is "APPROVE",
// "REQUEST_CHANGES" or "COMMENT" (the latter two need a body).
func (s *Server) Review(repoName string, n int, by, event, body string) error {
	s.lock()
	defer s.unlock()
	rp, pr, err := s.pullOf(repoName, n)
	if err != nil {
		return err
	}
	_, e := s.addReview(rp, pr, by, event, body, "")
	if e != nil && len(e.errors) > 0 {
		return fmt.Errorf("githubfake: %d %v", e.status, e.errors[0])
	}
	return asError(e)
}

// DismissReview plays someone dismissing by's latest approving or
// change-requesting review of pull request n with message, as PUT
// …/reviews/{id}/dismissals does. It returns ErrNotFound when by has no
// such review, and GitHub's refusal for an empty message.
func (s *Server) DismissReview(repoName string, n int, by, message string) error {
	s.lock()
	defer s.unlock()
	_, pr, err := s.pullOf(repoName, n)
	if err != nil {
		return err
	}
	if message == "" {
		return fmt.Errorf("githubfake: 422 message is required to dismiss a review")
	}
	for i := len(pr.reviews) - 1; i >= 0; i-- {
		rv := pr.reviews[i]
		if strings.EqualFold(rv.user, by) && (rv.state == "APPROVED" || rv.state == "CHANGES_REQUESTED") {
			_, e := s.dismissReview(pr, rv.id, message)
			return asError(e)
		}
	}
	return fmt.Errorf("no review by %s to dismiss on %s#%d: %w", by, repoName, n, ErrNotFound)
}

// DeleteBranch plays a person deleting branch (open pull requests from it
// close, as on GitHub). It returns ErrNotFound when it does not exist.
func (s *Server) DeleteBranch(repoName, branch string) error {
	return s.doInRepo(repoName, func(rp *repo) error {
		if err := s.deleteRef(rp, branchRef(branch)); errors.Is(err, errRefMoved) {
			return fmt.Errorf("branch %s: %w", branch, ErrNotFound)
		} else if err != nil {
			return err
		}
		return nil
	})
}

// Tag creates the lightweight tag name at the commit ref resolves to and
// returns that commit's SHA.
func (s *Server) Tag(repoName, name, ref string) (string, error) {
	return inRepo(s, repoName, func(rp *repo) (string, error) {
		h, err := rp.resolve(ref)
		if err != nil {
			return "", err
		}
		if err := s.moveRef(rp, plumbing.NewTagReferenceName(name), h, plumbing.ZeroHash); err != nil {
			return "", fmt.Errorf("githubfake: tag %s: %w", name, err)
		}
		return h.String(), nil
	})
}

// filemode644 keeps an existing file's mode, defaulting to a regular file.
func filemode644(e entry) filemode.FileMode {
	if e.mode == 0 || e.mode == filemode.Dir {
		return filemode.Regular
	}
	return e.mode
}
