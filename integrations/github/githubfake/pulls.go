package githubfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// pull is a pull request (which is also an issue with the same number).
type pull struct {
	number     int
	id         int64
	title      string
	body       *string
	state      string // open, closed
	draft      bool
	author     string
	head, base string // branch names
	headSHA    plumbing.Hash
	baseSHA    plumbing.Hash
	created    time.Time
	updated    time.Time
	closed     time.Time
	merged     time.Time
	mergedBy   string
	mergeSHA   plumbing.Hash
	commits    []plumbing.Hash // the PR's commits, frozen at merge or close
	labels     []string
	reviews    []*review
	requested  []string
	teams      []string
	comments   []comment
}

// comment is an issue comment on a pull request.
type comment struct {
	id      int64
	user    string
	body    string
	created time.Time
}

// review is a pull request review.
type review struct {
	id        int64
	user      string
	state     string // APPROVED, CHANGES_REQUESTED, COMMENTED, PENDING, DISMISSED
	body      string
	dismissal string // the message it was dismissed with
	commit    plumbing.Hash
	submitted time.Time
}

// pullFor finds pull request n.
func (rp *repo) pullFor(n int) (*pull, error) {
	if n < 1 || n > len(rp.pulls) {
		return nil, fmt.Errorf("pull request %s#%d: %w", rp.fullName(), n, ErrNotFound)
	}
	return rp.pulls[n-1], nil
}

// prCommits lists the commits of an open pull request (head not in base),
// or the frozen list of a closed one.
func (rp *repo) prCommits(pr *pull) ([]plumbing.Hash, error) {
	if pr.state != "open" {
		return pr.commits, nil
	}
	cs, err := rp.revList(pr.headSHA, rp.head(pr.base))
	if err != nil {
		return nil, err
	}
	out := make([]plumbing.Hash, len(cs))
	for i, c := range cs {
		out[len(cs)-1-i] = c.Hash
	}
	return out, nil
}

// mergeStatus is what GitHub says about merging an open pull request now.
type mergeStatus struct {
	mergeable bool
	state     string // clean, dirty, blocked, unstable, draft
	blocked   string // why protection refuses, in GitHub's words
	files     files  // the merged tree when mergeable
}

// evaluate computes mergeability and branch protection for an open pull
// request.
func (s *Server) evaluate(rp *repo, pr *pull) (mergeStatus, error) {
	fs, _, err := rp.mergeCommits(rp.head(pr.base), pr.headSHA)
	if err == errConflict {
		return mergeStatus{state: "dirty"}, nil
	}
	if err != nil {
		return mergeStatus{}, err
	}
	st := mergeStatus{mergeable: true, state: "clean", files: fs}
	if msg := s.protectionBlock(rp, pr); msg != "" {
		st.state, st.blocked = "blocked", msg
	} else if pr.draft {
		st.state = "draft"
	} else if s.hasFailingCheck(rp, pr.headSHA) {
		st.state = "unstable"
	}
	return st, nil
}

// renderPull renders a pull request; detail adds the fields only GET
// pulls/{n} carries (merged, mergeable, mergeable_state, merged_by, counts).
func (s *Server) renderPull(rp *repo, pr *pull, detail bool) (wirePull, error) {
	n := fmt.Sprint(pr.number)
	w := wirePull{URL: s.apiURL(rp, "pulls/"+n), ID: pr.id, NodeID: nodeID("PR", pr.id),
		HTMLURL: s.htmlURL(rp, "pull/"+n), DiffURL: s.htmlURL(rp, "pull/"+n+".diff"),
		PatchURL: s.htmlURL(rp, "pull/"+n+".patch"), IssueURL: s.apiURL(rp, "issues/"+n),
		CommitsURL: s.apiURL(rp, "pulls/"+n+"/commits"), StatusesURL: s.apiURL(rp, "statuses/"+pr.headSHA.String()),
		CommentsURL: s.apiURL(rp, "issues/"+n+"/comments"), ReviewCommentsURL: s.apiURL(rp, "pulls/"+n+"/comments"),
		ReviewCommentURL: s.apiURL(rp, "pulls/comments{/number}"),
		Number:           pr.number, State: pr.state, Title: pr.title, User: s.renderUser(s.userFor(pr.author)),
		Body: pr.body, Labels: []wireLabel{}, CreatedAt: ts(pr.created), UpdatedAt: ts(pr.updated),
		ClosedAt: tsPtr(pr.closed), MergedAt: tsPtr(pr.merged), Assignees: []wireUser{},
		RequestedReviewers: []wireUser{}, RequestedTeams: []wireTeam{},
		Head: s.renderBranch(rp, pr.head, pr.headSHA), Base: s.renderBranch(rp, pr.base, s.baseSHA(rp, pr)),
		Links: wireLinks{"self": {"href": s.apiURL(rp, "pulls/"+n)}, "html": {"href": s.htmlURL(rp, "pull/"+n)},
			"issue": {"href": s.apiURL(rp, "issues/"+n)}, "comments": {"href": s.apiURL(rp, "issues/"+n+"/comments")},
			"review_comments": {"href": s.apiURL(rp, "pulls/"+n+"/comments")},
			"review_comment":  {"href": s.apiURL(rp, "pulls/comments{/number}")},
			"commits":         {"href": s.apiURL(rp, "pulls/"+n+"/commits")},
			"statuses":        {"href": s.apiURL(rp, "statuses/"+pr.headSHA.String())}},
		AuthorAssociation: "MEMBER", Draft: pr.draft}
	if !pr.mergeSHA.IsZero() {
		v := pr.mergeSHA.String()
		w.MergeCommitSHA = &v
	}
	for _, name := range pr.labels {
		w.Labels = append(w.Labels, s.renderLabel(rp, rp.labels[strings.ToLower(name)]))
	}
	for _, login := range pr.requested {
		w.RequestedReviewers = append(w.RequestedReviewers, s.renderUser(s.userFor(login)))
	}
	for _, slug := range pr.teams {
		w.RequestedTeams = append(w.RequestedTeams, s.renderTeam(rp, slug))
	}
	if !detail {
		return w, nil
	}
	d, err := s.pullDetail(rp, pr)
	w.wirePullDetail = d
	return w, err
}

func (s *Server) pullDetail(rp *repo, pr *pull) (*wirePullDetail, error) {
	d := &wirePullDetail{Merged: !pr.merged.IsZero(), MergeableState: "unknown", Comments: len(pr.comments)}
	if pr.mergedBy != "" {
		d.MergedBy = s.userPtr(s.userFor(pr.mergedBy))
	}
	if pr.state == "open" {
		st, err := s.evaluate(rp, pr)
		if err != nil {
			return nil, err
		}
		d.Mergeable, d.Rebaseable, d.MergeableState = &st.mergeable, &st.mergeable, st.state
	}
	commits, err := rp.prCommits(pr)
	if err != nil {
		return nil, err
	}
	d.Commits = len(commits)
	base := s.baseSHA(rp, pr)
	if mb, ok, err := rp.mergeBase(base, pr.headSHA); err == nil && ok {
		base = mb
	}
	fs, stats, err := s.diffCommits(rp, base, pr.headSHA)
	if err != nil {
		return nil, err
	}
	d.Additions, d.Deletions, d.ChangedFiles = stats.Additions, stats.Deletions, len(fs)
	return d, nil
}

// baseSHA is the base branch's head while open, and the recorded one after.
func (s *Server) baseSHA(rp *repo, pr *pull) plumbing.Hash {
	if pr.state == "open" {
		if h := rp.head(pr.base); !h.IsZero() {
			return h
		}
	}
	return pr.baseSHA
}

func (s *Server) renderBranch(rp *repo, branch string, sha plumbing.Hash) wireBranch {
	r := s.renderRepo(rp, nil)
	return wireBranch{Label: rp.owner + ":" + branch, Ref: branch, SHA: sha.String(),
		User: s.renderUser(s.userFor(rp.owner)), Repo: &r}
}

func (s *Server) renderTeam(rp *repo, slug string) wireTeam {
	id := int64(len(slug)) * 7919 // stable per slug
	for _, c := range slug {
		id = id*31 + int64(c)
	}
	api := s.srv.URL + "/orgs/" + rp.owner + "/teams/" + slug
	return wireTeam{ID: id & (1<<31 - 1), NodeID: "T_fake" + slug, URL: api, HTMLURL: api, Name: slug,
		MembersURL: api + "/members{/member}", RepositoriesURL: api + "/repos",
		Slug: slug, Privacy: "closed", Permission: "pull", Type: "organization"}
}

// openPullForHead returns the open pull request whose head is branch, if any.
func (rp *repo) openPullForHead(branch, base string) *pull {
	for _, pr := range rp.pulls {
		if pr.state == "open" && pr.head == branch && (base == "" || pr.base == base) {
			return pr
		}
	}
	return nil
}

// closePull closes an open pull request without merging.
func (s *Server) closePull(rp *repo, pr *pull) error {
	commits, err := rp.prCommits(pr)
	if err != nil {
		return err
	}
	pr.commits, pr.baseSHA = commits, s.baseSHA(rp, pr)
	pr.state, pr.closed, pr.updated = "closed", s.now(), s.now()
	return nil
}

// reopenPull reopens a closed, unmerged pull request.
func (s *Server) reopenPull(rp *repo, pr *pull) *apiError {
	if !pr.merged.IsZero() {
		return errValidation(wireValidationError{Resource: "PullRequest", Code: "custom",
			Message: "state cannot be changed. The pull request cannot be reopened because it has been merged."})
	}
	h := rp.head(pr.head)
	if h.IsZero() {
		return errValidation(wireValidationError{Resource: "PullRequest", Code: "custom",
			Message: "state cannot be changed. The " + pr.head + " branch has been deleted."})
	}
	pr.headSHA, pr.state, pr.closed, pr.updated = h, "open", time.Time{}, s.now()
	return nil
}

// branchMoved keeps open pull requests' head SHAs in step with their head
// branch, and closes them when the branch is deleted (as GitHub does).
func (s *Server) branchMoved(rp *repo, branch string, h plumbing.Hash) error {
	for _, pr := range rp.pulls {
		if pr.state != "open" || (pr.head != branch && pr.base != branch) {
			continue
		}
		if h.IsZero() {
			if err := s.closePull(rp, pr); err != nil {
				return err
			}
			continue
		}
		if pr.head == branch {
			pr.headSHA, pr.updated = h, s.now()
		}
	}
	return nil
}

// notMergeable is GitHub's answer to merging a conflicted or closed PR.
func notMergeable(msg string) *apiError {
	if msg == "" {
		msg = "Pull Request is not mergeable"
	}
	return &apiError{status: http.StatusMethodNotAllowed, msg: msg}
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
