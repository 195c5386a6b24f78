package deploy

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/deploybot/deploybot/deploy/fault"
)

// RevertFiles returns the file changes that undo a merged promotion on
// top of headSHA: every one of paths goes back to its content at the first
// parent of mergeSHA, or is deleted when it did not exist there; Old is its
// content at headSHA. A path that already holds its old content is
// skipped, and no file outside paths is ever touched. Paths are
// slash-separated and returned sorted, each once.
//
// A path that changed again after the promotion (its content at headSHA is
// neither what mergeSHA left nor what was there before) is not silently
// overwritten: RevertFiles returns a *Error with CodeConflict naming the
// file and the commit that changed it. It returns CodeInvalid for a path
// that leaves the repository, and the Repo's errors otherwise.
func RevertFiles(ctx context.Context, repo Repo, mergeSHA, headSHA string, paths []string) ([]FileChange, error) {
	parent, err := repo.Parent(ctx, mergeSHA)
	if err != nil {
		return nil, err
	}
	before, err := snapshotFiles(ctx, repo, parent)
	if err != nil {
		return nil, err
	}
	merged, err := snapshotFiles(ctx, repo, mergeSHA)
	if err != nil {
		return nil, err
	}
	now, err := snapshotFiles(ctx, repo, headSHA)
	if err != nil {
		return nil, err
	}
	var out []FileChange
	for _, p := range sortedUnique(paths) {
		ch, skip, err := revertFile(p, before, merged, now)
		if err != nil {
			return nil, revertConflict(ctx, repo, p, mergeSHA, headSHA, err)
		}
		if !skip {
			out = append(out, ch)
		}
	}
	return out, nil
}

// errChangedSince marks a path that changed after the promotion merged.
var errChangedSince = fmt.Errorf("changed since the promotion merged")

// revertFile computes one path's change; skip says it already holds its
// old content.
func revertFile(path string, before, merged, now *repoFiles) (FileChange, bool, error) {
	old, err := before.readOptional(path)
	if err != nil {
		return FileChange{}, false, err
	}
	cur, err := now.readOptional(path)
	if err != nil {
		return FileChange{}, false, err
	}
	if sameContent(old, cur) {
		return FileChange{}, true, nil
	}
	left, err := merged.readOptional(path)
	if err != nil {
		return FileChange{}, false, err
	}
	if !sameContent(left, cur) {
		return FileChange{}, false, errChangedSince
	}
	return FileChange{Path: path, Old: cur, New: old}, false, nil
}

// revertConflict turns errChangedSince into a conflict naming who changed
// the file; other errors are returned with the path in front.
func revertConflict(ctx context.Context, repo Repo, path, mergeSHA, headSHA string, err error) error {
	if err != errChangedSince {
		return inFile(path, err)
	}
	who := "a later commit"
	if c, lerr := repo.LastChange(ctx, path, mergeSHA, headSHA); lerr == nil && c != nil {
		who = describeCommit(*c)
	}
	return fault.Errorf(fault.CodeConflict, "%s changed again after the promotion merged (%s), so restoring its old content would undo that change too; nothing was pushed. Roll back by promoting the previous version instead, or revert the file by hand", path, who)
}

// describeCommit names a commit for a person: `alice in 1a2b3c4 ("bump
// replicas")`.
func describeCommit(c Commit) string {
	who := cmp.Or(c.Author, "someone")
	return fmt.Sprintf("by %s in %s %q", who, prShortSHA(c.SHA), c.Message)
}

// snapshotFiles returns a reader of the repository at sha.
func snapshotFiles(ctx context.Context, repo Repo, sha string) (*repoFiles, error) {
	fsys, err := repo.Snapshot(ctx, sha)
	if err != nil {
		return nil, err
	}
	return newRepoFiles(fsys), nil
}

// sameContent compares two files, where nil means missing.
func sameContent(a, b []byte) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	return bytes.Equal(a, b)
}

// sortedUnique returns paths sorted, each once.
func sortedUnique(paths []string) []string {
	out := slices.Clone(paths)
	slices.Sort(out)
	return slices.Compact(out)
}
