package githubfake

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Protection is the part of GitHub's branch protection the stand-in
// enforces through the API: on merges, and by refusing direct ref updates
// and deletion of the branch (422 "Protected branch update failed for
// refs/heads/<branch>."). The Go API (PushCommit, MergePR) bypasses it, as an
// administrator would.
type Protection struct {
	// RequiredApprovals is how many approving reviews, by people other
	// than the author, the pull request needs. A review requesting changes
	// also blocks while approvals are required.
	RequiredApprovals int
	// RequiredChecks are check-run names that must have concluded success,
	// neutral or skipped on the head commit.
	RequiredChecks []string
}

// SetBranchProtection protects branch; a zero Protection removes it. It
// returns ErrNotFound for an unknown repository.
func (s *Server) SetBranchProtection(repoName, branch string, p Protection) error {
	return s.doInRepo(repoName, func(rp *repo) error {
		if p.RequiredApprovals == 0 && len(p.RequiredChecks) == 0 {
			delete(rp.protection, branch)
			return nil
		}
		p.RequiredChecks = append([]string(nil), p.RequiredChecks...)
		rp.protection[branch] = p
		return nil
	})
}

// renderProtection is the "protection" object of a branch answer: the
// required checks GitHub reports there ("off" and empty when unprotected).
func renderProtection(p Protection, protected bool) map[string]any {
	level, contexts, checks := "off", []string{}, []map[string]any{}
	if protected && len(p.RequiredChecks) > 0 {
		level = "non_admins"
		for _, c := range p.RequiredChecks {
			contexts = append(contexts, c)
			checks = append(checks, map[string]any{"context": c, "app_id": nil})
		}
	}
	return map[string]any{"enabled": protected, "required_status_checks": map[string]any{
		"enforcement_level": level, "contexts": contexts, "checks": checks}}
}

// protectionBlock returns why branch protection refuses to merge pr, in
// GitHub's words, or "" when it allows it.
func (s *Server) protectionBlock(rp *repo, pr *pull) string {
	p, ok := rp.protection[pr.base]
	if !ok {
		return ""
	}
	if p.RequiredApprovals > 0 {
		approved, changes := latestReviews(pr)
		if changes > 0 {
			return fmt.Sprintf("Changes requested: %d review requesting changes by reviewers with write access.", changes)
		}
		if approved < p.RequiredApprovals {
			if p.RequiredApprovals == 1 {
				return "At least 1 approving review is required by reviewers with write access."
			}
			return fmt.Sprintf("At least %d approving reviews are required by reviewers with write access.", p.RequiredApprovals)
		}
	}
	return s.checksBlock(rp, p.RequiredChecks, pr.headSHA)
}

// latestReviews counts users other than the author whose latest decisive
// review approves, and those whose latest decisive review requests changes.
func latestReviews(pr *pull) (approved, changes int) {
	last := map[string]string{}
	for _, r := range pr.reviews {
		if (r.state == "APPROVED" || r.state == "CHANGES_REQUESTED" || r.state == "DISMISSED") &&
			!strings.EqualFold(r.user, pr.author) {
			last[strings.ToLower(r.user)] = r.state
		}
	}
	for _, st := range last {
		switch st {
		case "APPROVED":
			approved++
		case "CHANGES_REQUESTED":
			changes++
		}
	}
	return approved, changes
}

// checksBlock names the required checks that have not passed on sha.
func (s *Server) checksBlock(rp *repo, required []string, sha plumbing.Hash) string {
	var expected, failing []string
	for _, name := range required {
		c := latestCheck(rp.checks[sha.String()], name)
		switch {
		case c == nil || c.conclusion == "":
			expected = append(expected, name)
		case !passed(c.conclusion):
			failing = append(failing, name)
		}
	}
	switch {
	case len(expected)+len(failing) > 1:
		return fmt.Sprintf("%d of %d required status checks are expected.", len(expected)+len(failing), len(required))
	case len(expected) == 1:
		return fmt.Sprintf("Required status check %q is expected.", expected[0])
	case len(failing) == 1:
		return fmt.Sprintf("Required status check %q is failing.", failing[0])
	}
	return ""
}

func passed(conclusion string) bool {
	return conclusion == "success" || conclusion == "neutral" || conclusion == "skipped"
}

func latestCheck(cs []*check, name string) *check {
	var out *check
	for _, c := range cs {
		if c.name == name {
			out = c
		}
	}
	return out
}

// hasFailingCheck reports whether any check on sha concluded unsuccessfully.
func (s *Server) hasFailingCheck(rp *repo, sha plumbing.Hash) bool {
	seen := map[string]bool{}
	cs := rp.checks[sha.String()]
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		if c.conclusion != "" && !passed(c.conclusion) {
			return true
		}
	}
	return false
}

// SetCheck records a check run named name on commit sha (a full SHA or any
// ref) with conclusion: "success", "failure", "neutral", "cancelled",
// "skipped", "timed_out", "action_required", or "" for one still in
// progress. A later call for the same name supersedes the earlier one. It
// returns ErrNotFound for an unknown repository or commit.
func (s *Server) SetCheck(repoName, sha, name, conclusion string) error {
	return s.doInRepo(repoName, func(rp *repo) error {
		h, err := rp.resolve(sha)
		if err != nil {
			return err
		}
		c := &check{id: s.id(), name: name, conclusion: conclusion, started: s.now()}
		if conclusion != "" {
			c.completed = s.now()
		}
		rp.checks[h.String()] = append(rp.checks[h.String()], c)
		return nil
	})
}
