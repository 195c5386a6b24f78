package githubfake

import (
	"cmp"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// pullHandler handles a request about one pull request.
type pullHandler func(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull)

// withPull resolves {n}, answering 404 for an unknown number.
func (s *Server) withPull(h pullHandler) repoHandler {
	return func(w http.ResponseWriter, r *http.Request, rp *repo) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil {
			s.writeAPIError(w, errNotFoundAPI())
			return
		}
		pr, err := rp.pullFor(n)
		if err != nil {
			s.writeAPIError(w, errNotFoundAPI())
			return
		}
		h(w, r, rp, pr)
	}
}

func (s *Server) writePull(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull, status int) {
	out, err := s.renderPull(rp, pr, true)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, status, out)
}

func (s *Server) writePullList(w http.ResponseWriter, r *http.Request, rp *repo, prs []*pull) {
	writeList(s, w, r, prs, func(pr *pull) (wirePull, error) { return s.renderPull(rp, pr, false) })
}

type newPull struct {
	Title *string `json:"title"`
	Head  string  `json:"head"`
	Base  string  `json:"base"`
	Body  *string `json:"body"`
	Draft bool    `json:"draft"`
}

// handleCreatePull serves POST pulls.
func (s *Server) handleCreatePull(w http.ResponseWriter, r *http.Request, rp *repo) {
	var in newPull
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	pr, e := s.openPull(rp, callerOf(r).login, in)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	w.Header().Set("Location", s.apiURL(rp, "pulls/"+strconv.Itoa(pr.number)))
	s.writePull(w, r, rp, pr, http.StatusCreated)
}

// openPull validates and opens a pull request by author.
func (s *Server) openPull(rp *repo, author string, in newPull) (*pull, *apiError) {
	head, e := s.validateNewPull(rp, &in)
	if e != nil {
		return nil, e
	}
	now := s.now()
	pr := &pull{number: len(rp.pulls) + 1, id: s.id(), title: *in.Title, body: in.Body, state: "open",
		draft: in.Draft, author: s.userFor(author).login, head: in.Head, base: in.Base,
		headSHA: head, baseSHA: rp.head(in.Base), created: now, updated: now}
	rp.pulls = append(rp.pulls, pr)
	return pr, nil
}

// validateNewPull checks a new pull request like GitHub and returns its head
// commit. It strips an "owner:" prefix from in.Head.
func (s *Server) validateNewPull(rp *repo, in *newPull) (plumbing.Hash, *apiError) {
	for _, f := range []struct {
		name    string
		missing bool
	}{{"base", in.Base == ""}, {"head", in.Head == ""}, {"title", in.Title == nil}} {
		if f.missing {
			return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Field: f.name, Code: "missing_field"})
		}
	}
	label := in.Head
	if owner, branch, ok := strings.Cut(in.Head, ":"); ok {
		if !strings.EqualFold(owner, rp.owner) {
			return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Field: "head", Code: "invalid"})
		}
		in.Head = branch
	} else {
		label = rp.owner + ":" + in.Head
	}
	base, head := rp.head(in.Base), rp.head(in.Head)
	switch {
	case base.IsZero():
		return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Field: "base", Code: "invalid"})
	case head.IsZero():
		return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Field: "head", Code: "invalid"})
	case rp.openPullForHead(in.Head, in.Base) != nil:
		return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Code: "custom",
			Message: "A pull request already exists for " + label + "."})
	}
	ahead, err := rp.revList(head, base)
	if err != nil {
		return plumbing.ZeroHash, internal(err)
	}
	if len(ahead) == 0 {
		return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Code: "custom",
			Message: "No commits between " + in.Base + " and " + in.Head})
	}
	return head, nil
}

// handleListPulls serves GET pulls?state=&head=owner:branch&base=&sort=&direction=.
func (s *Server) handleListPulls(w http.ResponseWriter, r *http.Request, rp *repo) {
	q := r.URL.Query()
	state := cmp.Or(q.Get("state"), "open")
	var list []*pull
	for _, pr := range rp.pulls {
		if (state != "all" && pr.state != state) || (q.Get("base") != "" && q.Get("base") != pr.base) {
			continue
		}
		if h := q.Get("head"); h != "" && !strings.EqualFold(h, rp.owner+":"+pr.head) && h != pr.head {
			continue
		}
		list = append(list, pr)
	}
	sortPulls(list, q.Get("sort"), q.Get("direction"))
	lo, hi := s.page(w, r, len(list))
	s.writePullList(w, r, rp, list[lo:hi])
}

// sortPulls orders like GitHub: by created (default, newest first) or
// updated.
func sortPulls(list []*pull, by, dir string) {
	desc := dir == "desc" || (dir == "" && (by == "" || by == "created"))
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		less := a.number < b.number
		if by == "updated" && !a.updated.Equal(b.updated) {
			less = a.updated.Before(b.updated)
		}
		if desc {
			return !less
		}
		return less
	})
}

// handleGetPull serves GET pulls/{n}, with ETag / If-None-Match.
func (s *Server) handleGetPull(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	s.writePull(w, r, rp, pr, http.StatusOK)
}

// handleEditPull serves PATCH pulls/{n}: title, body, state, base.
func (s *Server) handleEditPull(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		Title *string `json:"title"`
		Body  *string `json:"body"`
		State *string `json:"state"`
		Base  *string `json:"base"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if e := s.editPull(rp, pr, in.Title, in.Body, in.State, in.Base); e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.writePull(w, r, rp, pr, http.StatusOK)
}

func (s *Server) editPull(rp *repo, pr *pull, title, body, state, base *string) *apiError {
	if base != nil && *base != pr.base {
		if pr.state != "open" {
			return errValidation(wireValidationError{Resource: "PullRequest", Field: "base", Code: "invalid",
				Message: "Cannot change base branch of closed pull request."})
		}
		if rp.head(*base).IsZero() {
			return errValidation(wireValidationError{Resource: "PullRequest", Field: "base", Code: "invalid"})
		}
		pr.base = *base
	}
	if title != nil {
		pr.title = *title
	}
	if body != nil {
		pr.body = body
	}
	pr.updated = s.now()
	if state == nil || *state == pr.state {
		return nil
	}
	switch *state {
	case "closed":
		if err := s.closePull(rp, pr); err != nil {
			return internal(err)
		}
		return nil
	case "open":
		return s.reopenPull(rp, pr)
	}
	return errValidation(wireValidationError{Resource: "PullRequest", Field: "state", Code: "invalid"})
}

// handleMergePull serves PUT pulls/{n}/merge.
func (s *Server) handleMergePull(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		CommitTitle   string  `json:"commit_title"`
		CommitMessage *string `json:"commit_message"`
		MergeMethod   string  `json:"merge_method"`
		SHA           string  `json:"sha"`
	}
	if r.ContentLength != 0 {
		if e := decodeJSON(r, &in); e != nil {
			s.writeAPIError(w, e)
			return
		}
	}
	h, e := s.mergePull(rp, pr, mergeRequest{by: callerOf(r).login, method: in.MergeMethod,
		title: in.CommitTitle, message: in.CommitMessage, sha: in.SHA})
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.writeJSON(w, r, http.StatusOK, wireMergeResult{SHA: h.String(), Merged: true, Message: msgMerged})
}

// handleIsMerged serves GET pulls/{n}/merge: 204 when merged, else 404.
func (s *Server) handleIsMerged(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	if pr.merged.IsZero() {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	s.noContent(w)
}

// handlePullCommits serves GET pulls/{n}/commits, oldest first.
func (s *Server) handlePullCommits(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	hs, err := rp.prCommits(pr)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	lo, hi := s.page(w, r, len(hs))
	var out []*object.Commit
	for _, h := range hs[lo:hi] {
		c, err := rp.commitObject(h)
		if err != nil {
			s.writeAPIError(w, internal(err))
			return
		}
		out = append(out, c)
	}
	s.writeCommitList(w, r, rp, out)
}

// handlePullFiles serves GET pulls/{n}/files: the diff from the merge base
// to the head.
func (s *Server) handlePullFiles(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	base := s.baseSHA(rp, pr)
	if mb, ok, err := rp.mergeBase(base, pr.headSHA); err == nil && ok {
		base = mb
	}
	fs, _, err := s.diffCommits(rp, base, pr.headSHA)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	lo, hi := s.page(w, r, len(fs))
	s.writeJSON(w, r, http.StatusOK, fs[lo:hi])
}
