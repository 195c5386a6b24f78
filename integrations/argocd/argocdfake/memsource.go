package argocdfake

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// MemSource is a tiny in-memory Source: each repo branch is a linear list of
// commits, each commit records the paths it touched. It is safe for
// concurrent use.
type MemSource struct {
	mu      sync.Mutex
	heads   map[string]string // repo + "@" + branch -> sha
	commits map[string]memCommit
	n       int
	err     error
}

type memCommit struct {
	parent string
	paths  []string
}

// NewMemSource returns an empty MemSource.
func NewMemSource() *MemSource {
	return &MemSource{heads: map[string]string{}, commits: map[string]memCommit{}}
}

// Commit adds a commit touching paths on top of repo's branch (creating the
// branch if needed) and returns its 40-hex SHA.
func (m *MemSource) Commit(repo, branch string, paths ...string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	sum := sha1.Sum([]byte(fmt.Sprintf("%s@%s#%d", repo, branch, m.n)))
	sha := hex.EncodeToString(sum[:])
	key := repo + "@" + branch
	m.commits[repo+"#"+sha] = memCommit{parent: m.heads[key], paths: paths}
	m.heads[key] = sha
	return sha
}

// SetErr makes every later call fail with err until SetErr(nil).
func (m *MemSource) SetErr(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.err = err
}

// Head returns the SHA repo's branch points at, or an error if it has no
// commits.
func (m *MemSource) Head(_ context.Context, repo, branch string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return "", m.err
	}
	sha, ok := m.heads[repo+"@"+branch]
	if !ok {
		return "", fmt.Errorf("memsource: %s: branch %q not found", repo, branch)
	}
	return sha, nil
}

// Changed reports whether a commit between fromSHA and toSHA (in either
// direction) touched one of paths or a file below one of them. Unrelated
// commits count as changed.
func (m *MemSource) Changed(_ context.Context, repo, fromSHA, toSHA string, paths []string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return false, m.err
	}
	if fromSHA == toSHA {
		return false, nil
	}
	touched, ok := m.between(repo, fromSHA, toSHA)
	if !ok {
		if touched, ok = m.between(repo, toSHA, fromSHA); !ok {
			return true, nil
		}
	}
	return matchAny(touched, paths), nil
}

// between collects the paths touched by the commits after ancestor up to
// and including sha; ok is false if ancestor is not an ancestor of sha.
func (m *MemSource) between(repo, ancestor, sha string) (touched []string, ok bool) {
	for sha != "" {
		if sha == ancestor {
			return touched, true
		}
		c, found := m.commits[repo+"#"+sha]
		if !found {
			return nil, false
		}
		touched = append(touched, c.paths...)
		sha = c.parent
	}
	return nil, false
}

func matchAny(touched, paths []string) bool {
	for _, t := range touched {
		for _, p := range paths {
			if t == p || strings.HasPrefix(t, strings.TrimSuffix(p, "/")+"/") {
				return true
			}
		}
	}
	return false
}
