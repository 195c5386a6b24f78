package standins

import (
	"fmt"
	"sort"

	"github.com/deploybot/deploybot/deploy"
)

// PRDiff returns pull request n of the GitOps repository as a unified diff
// of its head commit against that commit's first parent, over the files
// the Applications deploy. It returns an error when there is no such pull
// request or commit.
func (s *StandIns) PRDiff(n int) (string, error) {
	pr, err := s.GitHub.PR(GitOpsRepo, n)
	if err != nil {
		return "", err
	}
	c, err := s.GitHub.Commit(GitOpsRepo, pr.HeadSHA)
	if err != nil {
		return "", err
	}
	if len(c.Parents) == 0 {
		return "", fmt.Errorf("standins: %s#%d: its head %s has no parent", GitOpsRepo, n, pr.HeadSHA)
	}
	var changes []deploy.FileChange
	for _, p := range trackedFiles() {
		old, _ := s.GitHub.File(GitOpsRepo, c.Parents[0], p)
		cur, _ := s.GitHub.File(GitOpsRepo, pr.HeadSHA, p)
		changes = append(changes, deploy.FileChange{Path: p, Old: old, New: cur})
	}
	return deploy.UnifiedDiff(changes), nil
}

// trackedFiles lists the deployed files in a stable order.
func trackedFiles() []string {
	out := make([]string, 0, len(appFiles))
	for _, p := range appFiles {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
