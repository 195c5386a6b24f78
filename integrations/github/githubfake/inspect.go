package githubfake

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// PullRequest is a snapshot of a pull request for assertions.
type PullRequest struct {
	Number             int
	Title              string
	Body               string
	State              string // "open" or "closed"
	Draft              bool
	Merged             bool
	Author             string
	Head, Base         string // branch names
	HeadSHA            string
	MergeCommitSHA     string
	MergedBy           string
	Labels             []string
	Reviews            []Review
	RequestedReviewers []string
	RequestedTeams     []string
	Comments           []string
	CreatedAt          time.Time
	UpdatedAt          time.Time
	ClosedAt           time.Time
	MergedAt           time.Time
}

// Review is a snapshot of a pull request review.
type Review struct {
	ID       int64
	User     string
	State    string // APPROVED, CHANGES_REQUESTED, COMMENTED, PENDING, DISMISSED
	Body     string
	CommitID string
}

// Commit is a snapshot of a Git commit.
type Commit struct {
	SHA       string
	Tree      string
	Parents   []string
	Message   string
	Author    string // name <email>
	Committer string
	When      time.Time // author date
}

// File returns path's content at ref (branch, tag or SHA); ErrNotFound when
// the repository, ref or path is missing.
func (s *Server) File(repoName, ref, path string) ([]byte, error) {
	return inRepo(s, repoName, func(rp *repo) ([]byte, error) {
		data, err := s.fileAt(rp, ref, path)
		if err != nil {
			return nil, fmt.Errorf("%s@%s:%s: %w", repoName, ref, path, ErrNotFound)
		}
		return data, nil
	})
}

// Head returns branch's commit SHA, or "" when the repository or branch does
// not exist.
func (s *Server) Head(repoName, branch string) string {
	sha, _ := inRepo(s, repoName, func(rp *repo) (string, error) {
		h := rp.head(branch)
		if h.IsZero() {
			return "", nil
		}
		return h.String(), nil
	})
	return sha
}

// Branches returns the repository's branch names, sorted; nil for an unknown
// repository.
func (s *Server) Branches(repoName string) []string {
	names, _ := inRepo(s, repoName, func(rp *repo) ([]string, error) {
		refs, err := rp.refs("refs/heads/")
		if err != nil {
			return nil, err
		}
		var out []string
		for _, r := range refs {
			out = append(out, r.Name().Short())
		}
		sort.Strings(out)
		return out, nil
	})
	return names
}

// GitDir returns the path of the repository's bare Git directory (for git
// or go-git), or "" for an unknown repository.
func (s *Server) GitDir(repoName string) string {
	dir, _ := inRepo(s, repoName, func(rp *repo) (string, error) { return rp.dir, nil })
	return dir
}

// Commit returns the commit rev (SHA, branch, tag) resolves to;
// ErrNotFound when it does not exist.
func (s *Server) Commit(repoName, rev string) (Commit, error) {
	return inRepo(s, repoName, func(rp *repo) (Commit, error) {
		h, err := rp.resolve(rev)
		if err != nil {
			return Commit{}, err
		}
		c, err := rp.commitObject(h)
		if err != nil {
			return Commit{}, err
		}
		out := Commit{SHA: c.Hash.String(), Tree: c.TreeHash.String(), Message: c.Message,
			Author:    fmt.Sprintf("%s <%s>", c.Author.Name, c.Author.Email),
			Committer: fmt.Sprintf("%s <%s>", c.Committer.Name, c.Committer.Email), When: c.Author.When}
		for _, p := range c.ParentHashes {
			out.Parents = append(out.Parents, p.String())
		}
		return out, nil
	})
}

// PR returns a snapshot of pull request n; ErrNotFound when missing.
func (s *Server) PR(repoName string, n int) (PullRequest, error) {
	s.lock()
	defer s.unlock()
	_, pr, err := s.pullOf(repoName, n)
	if err != nil {
		return PullRequest{}, err
	}
	return snapshot(pr), nil
}

// PRs returns snapshots of every pull request of the repository, by number;
// nil for an unknown repository.
func (s *Server) PRs(repoName string) []PullRequest {
	prs, _ := inRepo(s, repoName, func(rp *repo) ([]PullRequest, error) {
		var out []PullRequest
		for _, pr := range rp.pulls {
			out = append(out, snapshot(pr))
		}
		return out, nil
	})
	return prs
}

func snapshot(pr *pull) PullRequest {
	out := PullRequest{Number: pr.number, Title: pr.title, State: pr.state, Draft: pr.draft,
		Merged: !pr.merged.IsZero(), Author: pr.author, Head: pr.head, Base: pr.base,
		HeadSHA: pr.headSHA.String(), MergedBy: pr.mergedBy,
		Labels: append([]string(nil), pr.labels...), RequestedReviewers: append([]string(nil), pr.requested...),
		RequestedTeams: append([]string(nil), pr.teams...),
		CreatedAt:      pr.created, UpdatedAt: pr.updated, ClosedAt: pr.closed, MergedAt: pr.merged}
	if pr.body != nil {
		out.Body = *pr.body
	}
	if !pr.mergeSHA.IsZero() {
		out.MergeCommitSHA = pr.mergeSHA.String()
	}
	for _, rv := range pr.reviews {
		out.Reviews = append(out.Reviews, Review{ID: rv.id, User: rv.user, State: rv.state, Body: rv.body, CommitID: rv.commit.String()})
	}
	for _, c := range pr.comments {
		out.Comments = append(out.Comments, strings.Clone(c.body))
	}
	return out
}
