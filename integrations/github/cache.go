package github

import (
	"sync"

	"github.com/deploybot/deploybot/deploy"
)

// maxCached bounds each of the cache's maps; when one is full it starts
// over, which only costs a request or a 200 instead of a 304.
const maxCached = 1024

// cache holds what never changes (the tree of a commit) and what makes
// polling cheap (the ETag and status of each pull request's last poll).
type cache struct {
	mu    sync.Mutex
	trees map[string]string // commit SHA -> tree SHA
	polls map[int]poll      // pull request number -> last poll
	// ancestors holds the pairs known to be ancestor and descendant.
	ancestors map[[2]string]bool
}

// poll is the last answer to GET pulls/{n} and to the first page of its
// reviews.
type poll struct {
	etag        string
	reviewsETag string // "" when the reviews took more than one page
	status      deploy.ChangeStatus
}

func newCache() *cache {
	return &cache{trees: map[string]string{}, polls: map[int]poll{}, ancestors: map[[2]string]bool{}}
}

// tree returns the cached tree SHA of commit sha.
func (c *cache) tree(sha string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.trees[sha]
	return t, ok
}

// setTree remembers commit sha's tree.
func (c *cache) setTree(sha, tree string) {
	if sha == "" || tree == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.trees) >= maxCached {
		c.trees = map[string]string{}
	}
	c.trees[sha] = tree
}

// poll returns the last poll of pull request n.
func (c *cache) poll(n int) (poll, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.polls[n]
	return p, ok
}

// setPoll remembers a poll; without an ETag there is nothing to remember.
func (c *cache) setPoll(n int, p poll) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.etag == "" {
		delete(c.polls, n)
		return
	}
	if len(c.polls) >= maxCached {
		c.polls = map[int]poll{}
	}
	c.polls[n] = p
}

// isAncestor reports whether ancestor was found to be an ancestor of
// descendant before.
func (c *cache) isAncestor(ancestor, descendant string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ancestors[[2]string{ancestor, descendant}]
}

// setAncestor remembers that ancestor is an ancestor of descendant.
func (c *cache) setAncestor(ancestor, descendant string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ancestors) >= maxCached {
		c.ancestors = map[[2]string]bool{}
	}
	c.ancestors[[2]string{ancestor, descendant}] = true
}
