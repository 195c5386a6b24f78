package githubfake

import (
	"cmp"
	"net/http"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// handleListCommits serves GET commits?sha=&path=&author=&since=&until=,
// newest first.
func (s *Server) handleListCommits(w http.ResponseWriter, r *http.Request, rp *repo) {
	q := r.URL.Query()
	start := cmp.Or(q.Get("sha"), rp.defaultBranch)
	h, err := rp.resolve(start)
	if err != nil {
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, msg: "No commit found for SHA: " + start})
		return
	}
	all, err := rp.revList(h, plumbing.ZeroHash)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	var list []*object.Commit
	for _, c := range all {
		ok, err := s.commitMatches(rp, c, q.Get("path"), q.Get("author"), q.Get("since"), q.Get("until"))
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		if ok {
			list = append(list, c)
		}
	}
	lo, hi := s.page(w, r, len(list))
	s.writeCommitList(w, r, rp, list[lo:hi])
}

// commitMatches applies the list filters.
func (s *Server) commitMatches(rp *repo, c *object.Commit, path, author, since, until string) (bool, error) {
	if author != "" && !strings.EqualFold(c.Author.Email, author) && !strings.EqualFold(c.Author.Name, author) {
		if u := s.userByEmail(c.Author.Email); u == nil || !strings.EqualFold(u.login, author) {
			return false, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, since); err == nil && c.Committer.When.Before(t) {
		return false, nil
	}
	if t, err := time.Parse(time.RFC3339, until); err == nil && c.Committer.When.After(t) {
		return false, nil
	}
	if path = strings.Trim(path, "/"); path != "" {
		return rp.touches(c, path)
	}
	return true, nil
}

func (s *Server) writeCommitList(w http.ResponseWriter, r *http.Request, rp *repo, cs []*object.Commit) {
	writeList(s, w, r, cs, func(c *object.Commit) (wireRepoCommit, error) { return s.renderRepoCommit(rp, c, false) })
}

// handleCommitsSub serves GET commits/{ref}, commits/{sha}/pulls,
// commits/{ref}/check-runs and commits/{ref}/status (refs may contain "/").
func (s *Server) handleCommitsSub(w http.ResponseWriter, r *http.Request, rp *repo) {
	rest := r.PathValue("rest")
	for suffix, h := range map[string]repoRefHandler{
		"/pulls": s.handleCommitPulls, "/check-runs": s.handleCheckRuns, "/status": s.handleCombinedStatus,
	} {
		if ref, ok := strings.CutSuffix(rest, suffix); ok {
			s.withCommit(w, r, rp, ref, h)
			return
		}
	}
	s.withCommit(w, r, rp, rest, s.handleGetCommit)
}

// repoRefHandler handles a request about one resolved commit.
type repoRefHandler func(w http.ResponseWriter, r *http.Request, rp *repo, c *object.Commit)

// withCommit resolves ref, answering 422 "No commit found for SHA" as
// GitHub does.
func (s *Server) withCommit(w http.ResponseWriter, r *http.Request, rp *repo, ref string, h repoRefHandler) {
	hash, err := rp.resolve(ref)
	if err != nil {
		s.writeAPIError(w, errUnprocessable("No commit found for SHA: "+ref))
		return
	}
	c, err := rp.commitObject(hash)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	h(w, r, rp, c)
}

// handleGetCommit serves GET commits/{ref}, with stats and files; with
// Accept: application/vnd.github.sha just the SHA, whose ETag is the quoted
// SHA (go-github's GetCommitSHA1 sends it back as If-None-Match).
func (s *Server) handleGetCommit(w http.ResponseWriter, r *http.Request, rp *repo, c *object.Commit) {
	if a := r.Header.Get("Accept"); strings.Contains(a, "vnd.github.v3.sha") || strings.Contains(a, "vnd.github.sha") {
		sha := c.Hash.String()
		s.writeTagged(w, r, http.StatusOK, "application/vnd.github.sha; charset=utf-8", []byte(sha), `"`+sha+`"`)
		return
	}
	rc, err := s.renderRepoCommit(rp, c, true)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, http.StatusOK, rc)
}

// handleCommitPulls serves GET commits/{sha}/pulls: pull requests whose
// merge commit is sha or that contain sha.
func (s *Server) handleCommitPulls(w http.ResponseWriter, r *http.Request, rp *repo, c *object.Commit) {
	var list []*pull
	for _, pr := range rp.pulls {
		if pr.mergeSHA == c.Hash {
			list = append(list, pr)
			continue
		}
		commits, err := rp.prCommits(pr)
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		for _, h := range commits {
			if h == c.Hash {
				list = append(list, pr)
				break
			}
		}
	}
	lo, hi := s.page(w, r, len(list))
	s.writePullList(w, r, rp, list[lo:hi])
}

// handleCompare serves GET compare/{base}...{head} (also "base..head", and
// "owner:branch" names).
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request, rp *repo) {
	bh := r.PathValue("basehead")
	baseRef, headRef, ok := strings.Cut(bh, "...")
	if !ok {
		baseRef, headRef, ok = strings.Cut(bh, "..")
	}
	base, err1 := rp.resolve(stripOwner(rp, baseRef))
	head, err2 := rp.resolve(stripOwner(rp, headRef))
	if !ok || err1 != nil || err2 != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	mb, related, err := rp.mergeBase(base, head)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	if !related {
		s.writeAPIError(w, &apiError{status: http.StatusNotFound,
			msg: "No common ancestor between " + baseRef + " and " + headRef + "."})
		return
	}
	paged := r.URL.Query().Has("page") || r.URL.Query().Has("per_page")
	out, err := s.compare(rp, base, head, mb, bh, paged)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	if paged {
		lo, hi := s.page(w, r, len(out.Commits))
		out.Commits = out.Commits[lo:hi]
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func stripOwner(rp *repo, ref string) string {
	if owner, branch, ok := strings.Cut(ref, ":"); ok && strings.EqualFold(owner, rp.owner) {
		return branch
	}
	return ref
}

// compare builds the comparison of head against base (merge base mb):
// commits oldest first (at most 250 unless paged, as on GitHub), files
// against the merge base.
func (s *Server) compare(rp *repo, base, head, mb plumbing.Hash, bh string, paged bool) (wireCompare, error) {
	ahead, err := rp.revList(head, base)
	if err != nil {
		return wireCompare{}, err
	}
	behind, err := rp.revList(base, head)
	if err != nil {
		return wireCompare{}, err
	}
	out := wireCompare{URL: s.apiURL(rp, "compare/"+bh), HTMLURL: s.htmlURL(rp, "compare/"+bh),
		PermalinkURL: s.htmlURL(rp, "compare/"+base.String()+"..."+head.String()),
		DiffURL:      s.htmlURL(rp, "compare/"+bh+".diff"), PatchURL: s.htmlURL(rp, "compare/"+bh+".patch"),
		AheadBy: len(ahead), BehindBy: len(behind), TotalCommits: len(ahead), Commits: []wireRepoCommit{}}
	out.Status = compareStatus(len(ahead), len(behind))
	for _, pair := range []struct {
		h   plumbing.Hash
		dst *wireRepoCommit
	}{{base, &out.BaseCommit}, {mb, &out.MergeBaseCommit}} {
		c, err := rp.commitObject(pair.h)
		if err != nil {
			return out, err
		}
		if *pair.dst, err = s.renderRepoCommit(rp, c, false); err != nil {
			return out, err
		}
	}
	for i := len(ahead) - 1; i >= 0 && (paged || len(out.Commits) < 250); i-- {
		rc, err := s.renderRepoCommit(rp, ahead[i], false)
		if err != nil {
			return out, err
		}
		out.Commits = append(out.Commits, rc)
	}
	out.Files, _, err = s.diffCommits(rp, mb, head)
	return out, err
}

func compareStatus(ahead, behind int) string {
	switch {
	case ahead > 0 && behind > 0:
		return "diverged"
	case ahead > 0:
		return "ahead"
	case behind > 0:
		return "behind"
	}
	return "identical"
}
