package githubfake

import (
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// reachable returns every commit reachable from h (h included), in
// breadth-first discovery order.
func (rp *repo) reachable(h plumbing.Hash) ([]*object.Commit, error) {
	if h.IsZero() {
		return nil, nil
	}
	seen := map[plumbing.Hash]bool{h: true}
	var out []*object.Commit
	queue := []plumbing.Hash{h}
	for len(queue) > 0 {
		c, err := rp.commitObject(queue[0])
		if err != nil {
			return nil, err
		}
		queue = queue[1:]
		out = append(out, c)
		for _, p := range c.ParentHashes {
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return out, nil
}

// revList returns the commits reachable from include but not from exclude
// (git rev-list include ^exclude), newest first: children before parents,
// then by committer date.
func (rp *repo) revList(include, exclude plumbing.Hash) ([]*object.Commit, error) {
	ex, err := rp.reachable(exclude)
	if err != nil {
		return nil, err
	}
	skip := map[plumbing.Hash]bool{}
	for _, c := range ex {
		skip[c.Hash] = true
	}
	all, err := rp.reachable(include)
	if err != nil {
		return nil, err
	}
	var set []*object.Commit
	for _, c := range all {
		if !skip[c.Hash] {
			set = append(set, c)
		}
	}
	return topoSort(set), nil
}

// topoSort orders commits so that every commit comes before its parents,
// preferring later committer dates, then discovery order.
func topoSort(set []*object.Commit) []*object.Commit {
	order := map[plumbing.Hash]int{}
	children := map[plumbing.Hash]int{}
	for i, c := range set {
		order[c.Hash] = i
	}
	for _, c := range set {
		for _, p := range c.ParentHashes {
			if _, ok := order[p]; ok {
				children[p]++
			}
		}
	}
	var ready, out []*object.Commit
	for _, c := range set {
		if children[c.Hash] == 0 {
			ready = append(ready, c)
		}
	}
	for len(ready) > 0 {
		sort.SliceStable(ready, func(i, j int) bool {
			ti, tj := ready[i].Committer.When, ready[j].Committer.When
			if !ti.Equal(tj) {
				return ti.After(tj)
			}
			return order[ready[i].Hash] < order[ready[j].Hash]
		})
		c := ready[0]
		ready = ready[1:]
		out = append(out, c)
		for _, p := range c.ParentHashes {
			if _, ok := order[p]; !ok {
				continue
			}
			if children[p]--; children[p] == 0 {
				ready = append(ready, set[order[p]])
			}
		}
	}
	return out
}

// touches reports whether commit c changed path: its entry differs from
// every parent's (a merge that took the path from one parent did not
// change it, as in git log's default history simplification).
func (rp *repo) touches(c *object.Commit, path string) (bool, error) {
	cur, err := rp.flatten(c.TreeHash)
	if err != nil {
		return false, err
	}
	e, ok := cur[path]
	if len(c.ParentHashes) == 0 {
		return ok || hasPrefix(cur, path), nil
	}
	for _, p := range c.ParentHashes {
		pf, err := rp.commitFiles(p)
		if err != nil {
			return false, err
		}
		pe, pok := pf[path]
		if pok == ok && pe == e && sameUnder(cur, pf, path) {
			return false, nil
		}
	}
	return true, nil
}

// hasPrefix reports whether fs has a file under directory dir.
func hasPrefix(fs files, dir string) bool {
	for p := range fs {
		if len(p) > len(dir) && p[:len(dir)] == dir && p[len(dir)] == '/' {
			return true
		}
	}
	return false
}

// sameUnder reports whether a and b agree on every file under directory dir.
func sameUnder(a, b files, dir string) bool {
	for _, pair := range [2][2]files{{a, b}, {b, a}} {
		for p, e := range pair[0] {
			if len(p) > len(dir) && p[:len(dir)] == dir && p[len(dir)] == '/' && pair[1][p] != e {
				return false
			}
		}
	}
	return true
}

// fileChange is one path that differs between two trees.
type fileChange struct {
	path     string
	status   string // added, removed, modified
	old, new entry
}

// changes lists the paths that differ from a to b, sorted.
func changes(a, b files) []fileChange {
	var out []fileChange
	for p := range union(a, b) {
		o, ook := a[p]
		n, nok := b[p]
		switch {
		case !ook:
			out = append(out, fileChange{path: p, status: "added", new: n})
		case !nok:
			out = append(out, fileChange{path: p, status: "removed", old: o})
		case o != n:
			out = append(out, fileChange{path: p, status: "modified", old: o, new: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}
