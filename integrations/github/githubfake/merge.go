package githubfake

import (
	"errors"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
)

// errConflict means a merge cannot be made without a person resolving it.
var errConflict = errors.New("merge conflict")

// mergeBase returns the best common ancestor of a and b; false when the
// histories are unrelated.
func (rp *repo) mergeBase(a, b plumbing.Hash) (plumbing.Hash, bool, error) {
	ca, err := rp.commitObject(a)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	cb, err := rp.commitObject(b)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, false, nil
	}
	return bases[0].Hash, true, nil
}

// mergeCommits three-way merges the trees of ours and theirs over their
// merge base and returns the merged tree's files; errConflict with the
// conflicting paths when it cannot.
func (rp *repo) mergeCommits(ours, theirs plumbing.Hash) (files, []string, error) {
	base, ok, err := rp.mergeBase(ours, theirs)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errConflict
	}
	return rp.mergeFrom(base, ours, theirs)
}

// mergeFrom three-way merges the trees of commits ours and theirs against
// commit base (which may be zero for an empty tree).
func (rp *repo) mergeFrom(base, ours, theirs plumbing.Hash) (files, []string, error) {
	bf, err := rp.commitFilesOrNone(base)
	if err != nil {
		return nil, nil, err
	}
	of, err := rp.commitFiles(ours)
	if err != nil {
		return nil, nil, err
	}
	tf, err := rp.commitFiles(theirs)
	if err != nil {
		return nil, nil, err
	}
	return rp.mergeFiles(bf, of, tf)
}

// mergeFiles merges path by path; files changed on both sides are merged
// line by line.
func (rp *repo) mergeFiles(base, ours, theirs files) (files, []string, error) {
	out := files{}
	var conflicts []string
	for p := range union(base, ours, theirs) {
		b, bok := base[p]
		o, ook := ours[p]
		t, tok := theirs[p]
		switch {
		case ook == tok && o == t, tok == bok && t == b:
			if ook {
				out[p] = o
			}
		case ook == bok && o == b:
			if tok {
				out[p] = t
			}
		default:
			e, ok, err := rp.mergeContent(b, o, t, bok && ook && tok)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				conflicts = append(conflicts, p)
				continue
			}
			out[p] = e
		}
	}
	if len(conflicts) > 0 {
		sort.Strings(conflicts)
		return nil, conflicts, errConflict
	}
	return out, nil, nil
}

// mergeContent line-merges a file both sides changed; all is false when the
// file is missing on a side (deleted or added on both), which conflicts.
func (rp *repo) mergeContent(b, o, t entry, all bool) (entry, bool, error) {
	if !all || o.mode != t.mode {
		return entry{}, false, nil
	}
	var data [3][]byte
	for i, h := range []plumbing.Hash{b.hash, o.hash, t.hash} {
		d, err := rp.readBlob(h)
		if err != nil {
			return entry{}, false, err
		}
		data[i] = d
	}
	merged, ok := merge3(data[0], data[1], data[2])
	if !ok {
		return entry{}, false, nil
	}
	h, err := rp.writeBlob(merged)
	return entry{hash: h, mode: o.mode}, err == nil, err
}

func union(fs ...files) map[string]struct{} {
	out := map[string]struct{}{}
	for _, f := range fs {
		for p := range f {
			out[p] = struct{}{}
		}
	}
	return out
}
