package deploy

import (
	"context"
	"sync"
)

// maxAncestryPromotions bounds the promotions the ancestry cache holds;
// when full it starts over, which only costs a request per revision.
const maxAncestryPromotions = 256

// ancestry remembers, per promotion, whether a revision Argo CD reported
// descends from the promotion's merge commit. History never changes, so
// an answer holds for good; errors are not remembered.
type ancestry struct {
	mu    sync.Mutex
	known map[string]map[string]bool // promotion ID -> revision -> descends
}

// get returns the remembered answer for revision of promotion id.
func (a *ancestry) get(id, revision string) (descends, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	descends, ok = a.known[id][revision]
	return descends, ok
}

// set remembers the answer for revision of promotion id.
func (a *ancestry) set(id, revision string, descends bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.known == nil || len(a.known) >= maxAncestryPromotions && a.known[id] == nil {
		a.known = map[string]map[string]bool{}
	}
	if a.known[id] == nil {
		a.known[id] = map[string]bool{}
	}
	a.known[id][revision] = descends
}

// forget drops what is remembered for promotion id (its watch ended).
func (a *ancestry) forget(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.known, id)
}

// descends returns WatchInput.Descends for p: whether a revision Argo CD
// reports is a later commit containing p's merge commit, asked through
// Repo.IsAncestor and remembered per promotion. An error counts as not
// descending (the watch keeps waiting) and is logged.
func (e *Engine) descends(ctx context.Context, p Promotion) func(revision string) bool {
	return func(revision string) bool {
		if p.MergeSHA == "" || revision == "" {
			return false
		}
		if ok, known := e.ancestry.get(p.ID, revision); known {
			return ok
		}
		ok, err := e.repo.IsAncestor(ctx, p.MergeSHA, revision)
		if err != nil {
			e.log.Warn("can't tell whether a revision contains the merge; treating it as not", "promotion", p.ID,
				"merge", p.MergeSHA, "revision", revision, "err", err)
			return false
		}
		e.ancestry.set(p.ID, revision, ok)
		return ok
	}
}
