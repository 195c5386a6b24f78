package githubfake

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

const (
	msgHeadModified = "Head branch was modified. Review and try the merge again."
	msgMerged       = "Pull Request successfully merged"
)

// mergeRequest is a merge through the API or the Go API.
type mergeRequest struct {
	by      string
	method  string // merge (default), squash, rebase
	title   string // empty: GitHub's default
	message *string
	sha     string // expected head SHA; empty: any
	admin   bool   // bypass branch protection, like an admin merging
}

// mergePull merges pr into its base branch with a real Git commit and
// returns the commit the base branch now points at.
func (s *Server) mergePull(rp *repo, pr *pull, req mergeRequest) (plumbing.Hash, *apiError) {
	if pr.state != "open" {
		return plumbing.ZeroHash, notMergeable("")
	}
	if req.sha != "" && req.sha != pr.headSHA.String() {
		return plumbing.ZeroHash, &apiError{status: http.StatusConflict, msg: msgHeadModified}
	}
	if req.method == "" {
		req.method = "merge"
	}
	if req.method != "merge" && req.method != "squash" && req.method != "rebase" {
		return plumbing.ZeroHash, errValidation(wireValidationError{Resource: "PullRequest", Field: "merge_method", Code: "invalid"})
	}
	st, err := s.evaluate(rp, pr)
	switch {
	case err != nil:
		return plumbing.ZeroHash, internal(err)
	case !st.mergeable:
		return plumbing.ZeroHash, notMergeable("")
	case st.blocked != "" && !req.admin:
		return plumbing.ZeroHash, notMergeable(st.blocked)
	case pr.draft:
		return plumbing.ZeroHash, notMergeable("Pull Request is still a draft")
	}
	commits, err := rp.prCommits(pr)
	if err != nil {
		return plumbing.ZeroHash, internal(err)
	}
	base := rp.head(pr.base)
	h, err := s.mergeCommit(rp, pr, req, st.files, base, commits)
	if err != nil {
		return plumbing.ZeroHash, internal(err)
	}
	if err := s.moveRef(rp, branchRef(pr.base), h, base); err != nil {
		return plumbing.ZeroHash, &apiError{status: http.StatusMethodNotAllowed, msg: "Base branch was modified. Review and try the merge again."}
	}
	now := s.now()
	pr.state, pr.merged, pr.closed, pr.updated = "closed", now, now, now
	pr.mergedBy, pr.mergeSHA, pr.commits, pr.baseSHA = s.userFor(req.by).login, h, commits, base
	return h, nil
}

// mergeCommit writes the commit(s) a merge method makes on top of base.
func (s *Server) mergeCommit(rp *repo, pr *pull, req mergeRequest, fs files, base plumbing.Hash, commits []plumbing.Hash) (plumbing.Hash, error) {
	switch req.method {
	case "squash":
		title := cmp.Or(req.title, fmt.Sprintf("%s (#%d)", pr.title, pr.number))
		body, err := rp.squashBody(commits)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		msg := joinMessage(title, req.message, body)
		return s.commitTree(rp, fs, []plumbing.Hash{base}, s.sig(pr.author), s.githubSig(), msg)
	case "rebase":
		return s.rebase(rp, base, commits)
	}
	title := cmp.Or(req.title, fmt.Sprintf("Merge pull request #%d from %s/%s", pr.number, rp.owner, pr.head))
	msg := joinMessage(title, req.message, pr.title)
	return s.commitTree(rp, fs, []plumbing.Hash{base, pr.headSHA}, s.sig(req.by), s.githubSig(), msg)
}

// rebase replays commits onto base, keeping their authors and messages.
func (s *Server) rebase(rp *repo, base plumbing.Hash, commits []plumbing.Hash) (plumbing.Hash, error) {
	cur := base
	for _, h := range commits {
		c, err := rp.commitObject(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if len(c.ParentHashes) != 1 {
			return plumbing.ZeroHash, fmt.Errorf("cannot rebase merge commit %s", h)
		}
		fs, _, err := rp.mergeFrom(c.ParentHashes[0], cur, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if cur, err = s.commitTree(rp, fs, []plumbing.Hash{cur}, c.Author, s.githubSig(), c.Message); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return cur, nil
}

// squashBody lists the squashed commits' messages, as GitHub's default.
func (rp *repo) squashBody(commits []plumbing.Hash) (string, error) {
	var lines []string
	for _, h := range commits {
		c, err := rp.commitObject(h)
		if err != nil {
			return "", err
		}
		lines = append(lines, "* "+strings.TrimSpace(c.Message))
	}
	return strings.Join(lines, "\n\n"), nil
}

// joinMessage builds "title\n\nbody", where message overrides the default
// body (an explicit empty message leaves just the title).
func joinMessage(title string, message *string, def string) string {
	body := def
	if message != nil {
		body = *message
	}
	if body == "" {
		return title
	}
	return title + "\n\n" + body
}

func internal(err error) *apiError {
	return &apiError{status: http.StatusInternalServerError, msg: "Server Error: " + err.Error()}
}
