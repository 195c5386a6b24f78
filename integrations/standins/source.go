package standins

import (
	"bytes"
	"context"
	"fmt"

	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// ghSource lets argocdfake's Applications follow githubfake's repositories.
type ghSource struct{ gh *githubfake.Server }

var _ argocdfake.Source = ghSource{}

// Head returns the head commit of branch in repo, or an error when there
// is no such branch.
func (s ghSource) Head(_ context.Context, repo, branch string) (string, error) {
	if h := s.gh.Head(repo, branch); h != "" {
		return h, nil
	}
	return "", fmt.Errorf("no branch %s in %s", branch, repo)
}

// Changed reports whether any of paths differs between the commits from
// and to (a file appearing or disappearing counts). It never fails.
func (s ghSource) Changed(_ context.Context, repo, from, to string, paths []string) (bool, error) {
	for _, p := range paths {
		a, errA := s.gh.File(repo, from, p)
		b, errB := s.gh.File(repo, to, p)
		if (errA == nil) != (errB == nil) || !bytes.Equal(a, b) {
			return true, nil
		}
	}
	return false, nil
}
