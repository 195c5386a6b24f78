package deploy

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// memRepo is a hand-written in-memory Repo for the pure functions that
// only read: a linear history of commits, each a full set of files.
type memRepo struct {
	commits map[string]memCommit
	head    string
	reads   int // Snapshot file reads, to check laziness
}

type memCommit struct {
	parent  string
	files   map[string]string
	author  string
	message string
}

// newMemRepo starts a history with one commit holding files.
func newMemRepo(files map[string]string) *memRepo {
	r := &memRepo{commits: map[string]memCommit{}}
	r.push("root", "Initial commit", files)
	return r
}

// push commits changes (an empty value deletes) on top of head by author.
func (r *memRepo) push(author, message string, changes map[string]string) string {
	files := map[string]string{}
	if r.head != "" {
		maps.Copy(files, r.commits[r.head].files)
	}
	for p, v := range changes {
		if v == "" {
			delete(files, p)
		} else {
			files[p] = v
		}
	}
	sum := sha1.Sum([]byte(fmt.Sprint(r.head, message, len(r.commits))))
	sha := hex.EncodeToString(sum[:])
	r.commits[sha] = memCommit{parent: r.head, files: files, author: author, message: message}
	r.head = sha
	return sha
}

func (r *memRepo) Head(context.Context) (string, error) { return r.head, nil }

func (r *memRepo) Snapshot(_ context.Context, sha string) (fs.FS, error) {
	c, ok := r.commits[sha]
	if !ok {
		return nil, fault.Errorf(fault.CodeNotFound, "no commit %s", sha)
	}
	m := fstest.MapFS{}
	for p, v := range c.files {
		m[p] = &fstest.MapFile{Data: []byte(v)}
	}
	r.reads++
	return m, nil
}

func (r *memRepo) Parent(_ context.Context, sha string) (string, error) {
	c, ok := r.commits[sha]
	if !ok || c.parent == "" {
		return "", fault.Errorf(fault.CodeNotFound, "no parent of %s", sha)
	}
	return c.parent, nil
}

// LastChange walks back from toSHA to fromSHA.
func (r *memRepo) LastChange(_ context.Context, path, fromSHA, toSHA string) (*Commit, error) {
	for sha := toSHA; sha != fromSHA && sha != ""; sha = r.commits[sha].parent {
		c := r.commits[sha]
		if c.parent == "" || c.files[path] != r.commits[c.parent].files[path] {
			return &Commit{SHA: sha, Message: c.message, Author: c.author}, nil
		}
	}
	return nil, nil
}

var errMemRepo = errors.New("memRepo: not supported")

func (r *memRepo) OpenChange(context.Context, ChangeRequest) (PullRequest, error) {
	return PullRequest{}, errMemRepo
}
func (r *memRepo) ChangeStatus(context.Context, PullRequest) (ChangeStatus, error) {
	return ChangeStatus{}, errMemRepo
}
func (r *memRepo) Merge(context.Context, PullRequest, string) (string, error) { return "", errMemRepo }
func (r *memRepo) Abandon(context.Context, PullRequest) error                 { return errMemRepo }
func (r *memRepo) ResolveCommit(context.Context, string, string) (string, error) {
	return "", errMemRepo
}
func (r *memRepo) OriginPR(context.Context, string, string) (*Change, error) { return nil, errMemRepo }
func (r *memRepo) Compare(context.Context, string, string, string, int) (Changelog, error) {
	return Changelog{}, errMemRepo
}

// IsAncestor walks back from descendant's first parents.
func (r *memRepo) IsAncestor(_ context.Context, ancestor, descendant string) (bool, error) {
	for sha := descendant; sha != ""; sha = r.commits[sha].parent {
		if sha == ancestor {
			return true, nil
		}
	}
	return false, nil
}

var _ Repo = (*memRepo)(nil)

func TestRevertFiles(t *testing.T) {
	const cfg, pin, other = "env/prod/api.yaml", "pins/prod/api.yaml", "env/prod/web.yaml"
	ctx := context.Background()
	// setup returns a repo where a promotion changed cfg and created pin,
	// then someone pushed an unrelated commit; and the promotion's commit.
	setup := func() (*memRepo, string) {
		r := newMemRepo(map[string]string{cfg: "tag: v1\nreplicas: 2\n", other: "tag: 3.0\n"})
		merge := r.push("deploybot", "promote api", map[string]string{cfg: "tag: v2\nreplicas: 2\n", pin: "revision: abc\n"})
		r.push("sam", "bump web", map[string]string{other: "tag: 3.1\n"})
		return r, merge
	}
	t.Run("OK", func(t *testing.T) {
		r, merge := setup()
		got, err := RevertFiles(ctx, r, merge, r.head, []string{pin, cfg, cfg})
		if err != nil {
			t.Fatal(err)
		}
		want := []FileChange{
			{Path: cfg, Old: []byte("tag: v2\nreplicas: 2\n"), New: []byte("tag: v1\nreplicas: 2\n")},
			{Path: pin, Old: []byte("revision: abc\n")},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("RevertFiles (-want +got):\n%s", diff)
		}
	})
	t.Run("OKAlreadyReverted", func(t *testing.T) {
		r, merge := setup()
		r.push("sam", "undo by hand", map[string]string{cfg: "tag: v1\nreplicas: 2\n"})
		got, err := RevertFiles(ctx, r, merge, r.head, []string{cfg, pin})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]FileChange{{Path: pin, Old: []byte("revision: abc\n")}}, got); diff != "" {
			t.Errorf("RevertFiles (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrChangedSince", func(t *testing.T) {
		r, merge := setup()
		sha := r.push("alice", "scale api", map[string]string{cfg: "tag: v2\nreplicas: 5\n"})
		_, err := RevertFiles(ctx, r, merge, r.head, []string{cfg, pin})
		if fault.ErrorCode(err) != fault.CodeConflict {
			t.Fatalf("err = %v, want a conflict", err)
		}
		for _, want := range []string{cfg, "alice", sha[:7], `"scale api"`, "nothing was pushed"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not mention %q", err, want)
			}
		}
	})
	t.Run("ErrPathOutside", func(t *testing.T) {
		r, merge := setup()
		if _, err := RevertFiles(ctx, r, merge, r.head, []string{"../etc/passwd"}); fault.ErrorCode(err) != fault.CodeInvalid {
			t.Errorf("err = %v, want invalid", err)
		}
	})
	t.Run("ErrNoParent", func(t *testing.T) {
		r, _ := setup()
		if _, err := RevertFiles(ctx, r, "nope", r.head, []string{cfg}); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("err = %v, want not found", err)
		}
	})
}
