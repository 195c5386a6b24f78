package githubfake

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// entry is a non-tree object in a flattened tree: a file, symlink or
// submodule.
type entry struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// files maps slash-separated paths to entries; it is a flattened tree.
type files map[string]entry

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// encoder is a Git object that can encode itself.
type encoder interface {
	Encode(plumbing.EncodedObject) error
}

// store writes a Git object and returns its hash.
func (rp *repo) store(o encoder) (plumbing.Hash, error) {
	obj := rp.git.Storer.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return rp.git.Storer.SetEncodedObject(obj)
}

// writeBlob stores data as a blob.
func (rp *repo) writeBlob(data []byte) (plumbing.Hash, error) {
	obj := rp.git.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return rp.git.Storer.SetEncodedObject(obj)
}

// readBlob returns a blob's content; ErrNotFound when h is not a blob.
func (rp *repo) readBlob(h plumbing.Hash) ([]byte, error) {
	b, err := rp.git.BlobObject(h)
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", h, ErrNotFound)
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// objectType reports the type of the object h, or false when it is absent.
func (rp *repo) objectType(h plumbing.Hash) (plumbing.ObjectType, bool) {
	o, err := rp.git.Storer.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return plumbing.InvalidObject, false
	}
	return o.Type(), true
}

// flatten lists every non-tree entry under tree h.
func (rp *repo) flatten(h plumbing.Hash) (files, error) {
	out := files{}
	if h.IsZero() {
		return out, nil
	}
	t, err := rp.git.TreeObject(h)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, ErrNotFound)
	}
	w := object.NewTreeWalker(t, true, nil)
	defer w.Close()
	for {
		name, e, err := w.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if e.Mode != filemode.Dir {
			out[name] = entry{hash: e.Hash, mode: e.Mode}
		}
	}
}

// buildTree writes the trees for fs and returns the root tree's hash. It
// fails when a path is both a file and a directory.
func (rp *repo) buildTree(fs files) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	sub := map[string]files{}
	for p, e := range fs {
		if dir, rest, ok := strings.Cut(p, "/"); ok {
			if sub[dir] == nil {
				sub[dir] = files{}
			}
			sub[dir][rest] = e
			continue
		}
		entries = append(entries, object.TreeEntry{Name: p, Mode: e.mode, Hash: e.hash})
	}
	for dir, children := range sub {
		if _, clash := fs[dir]; clash {
			return plumbing.ZeroHash, fmt.Errorf("%s is both a file and a directory", dir)
		}
		h, err := rp.buildTree(children)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: h})
	}
	sort.Sort(object.TreeEntrySorter(entries))
	return rp.store(&object.Tree{Entries: entries})
}

// commitObject returns commit h; ErrNotFound when absent or not a commit.
func (rp *repo) commitObject(h plumbing.Hash) (*object.Commit, error) {
	c, err := rp.git.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", h, ErrNotFound)
	}
	return c, nil
}

// commitFiles returns the flattened tree of commit h.
func (rp *repo) commitFiles(h plumbing.Hash) (files, error) {
	c, err := rp.commitObject(h)
	if err != nil {
		return nil, err
	}
	return rp.flatten(c.TreeHash)
}

// commitFilesOrNone is commitFiles, with no files for the zero hash (the
// empty tree a comparison or merge starts from when there is no base).
func (rp *repo) commitFilesOrNone(h plumbing.Hash) (files, error) {
	if h.IsZero() {
		return files{}, nil
	}
	return rp.commitFiles(h)
}

// branchRef names a branch's ref.
func branchRef(branch string) plumbing.ReferenceName {
	return plumbing.NewBranchReferenceName(branch)
}

// head returns a branch's commit, or the zero hash when it does not exist.
func (rp *repo) head(branch string) plumbing.Hash {
	ref, err := rp.git.Storer.Reference(branchRef(branch))
	if err != nil {
		return plumbing.ZeroHash
	}
	return ref.Hash()
}

// refHash returns the hash a full ref name points at, or false.
func (rp *repo) refHash(name string) (plumbing.Hash, bool) {
	ref, err := rp.git.Storer.Reference(plumbing.ReferenceName(name))
	if err != nil || ref.Type() != plumbing.HashReference {
		return plumbing.ZeroHash, false
	}
	return ref.Hash(), true
}

// refs lists hash refs under refs/ whose names start with prefix, sorted.
func (rp *repo) refs(prefix string) ([]*plumbing.Reference, error) {
	iter, err := rp.git.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var out []*plumbing.Reference
	err = iter.ForEach(func(r *plumbing.Reference) error {
		n := r.Name().String()
		if r.Type() == plumbing.HashReference && strings.HasPrefix(n, "refs/") && strings.HasPrefix(n, prefix) {
			out = append(out, r)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, err
}

// resolve turns a commit-ish (full SHA, branch, tag, heads/x, short SHA,
// main~1) into a commit hash.
func (rp *repo) resolve(rev string) (plumbing.Hash, error) {
	if fullSHA.MatchString(rev) {
		h := plumbing.NewHash(rev)
		if _, err := rp.commitObject(h); err != nil {
			return plumbing.ZeroHash, err
		}
		return h, nil
	}
	for _, name := range []string{"refs/heads/" + rev, "refs/tags/" + rev, "refs/" + rev} {
		if h, ok := rp.refHash(name); ok {
			if c, err := rp.peel(h); err == nil {
				return c, nil
			}
		}
	}
	h, err := rp.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil || h == nil {
		return plumbing.ZeroHash, fmt.Errorf("revision %q: %w", rev, ErrNotFound)
	}
	return *h, nil
}

// peel follows annotated tags to the commit.
func (rp *repo) peel(h plumbing.Hash) (plumbing.Hash, error) {
	if t, err := rp.git.TagObject(h); err == nil {
		c, err := t.Commit()
		if err != nil {
			return plumbing.ZeroHash, err
		}
		return c.Hash, nil
	}
	if _, err := rp.commitObject(h); err != nil {
		return plumbing.ZeroHash, err
	}
	return h, nil
}

// setRef points name at h if it currently points at old (zero old: the
// ref must not exist). It reports false when the ref moved meanwhile.
func (rp *repo) setRef(name plumbing.ReferenceName, h, old plumbing.Hash) error {
	cur, exists := rp.refHash(name.String())
	if (old.IsZero() && exists) || (!old.IsZero() && cur != old) {
		return errRefMoved
	}
	return rp.git.Storer.SetReference(plumbing.NewHashReference(name, h))
}

var errRefMoved = errors.New("reference moved")
