package githubfake

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestRefs checks the refs endpoints and their 404/422 answers.
func TestRefs(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	main := srv.Head(gitops, "main")
	side, err := srv.PushCommit(gitops, "side", "bob", "side", map[string][]byte{"side.txt": []byte("s\n")})
	must(t, err)
	ahead := push(t, srv, "bob", map[string][]byte{"main.txt": []byte("m\n")})
	ref := func(name, sha string) *github.Reference {
		return &github.Reference{Ref: github.String(name), Object: &github.GitObject{SHA: github.String(sha)}}
	}
	tests := []struct {
		name     string
		call     func() error
		wantCode int
		wantMsg  string
	}{
		{"OKCreate", func() error {
			_, _, err := c.Git.CreateRef(ctx, "acme", "gitops", ref("refs/heads/new", main))
			return err
		}, 200, ""},
		{"ErrCreateExists", func() error {
			_, _, err := c.Git.CreateRef(ctx, "acme", "gitops", ref("refs/heads/side", main))
			return err
		}, 422, "Reference already exists"},
		{"ErrCreateNoObject", func() error {
			_, _, err := c.Git.CreateRef(ctx, "acme", "gitops", ref("refs/heads/x", strings.Repeat("1", 40)))
			return err
		}, 422, "Object does not exist"},
		{"ErrCreateBadName", func() error { _, _, err := c.Git.CreateRef(ctx, "acme", "gitops", ref("refs/x", main)); return err }, 422, "Reference name is invalid"},
		{"OKFastForward", func() error {
			_, _, err := c.Git.UpdateRef(ctx, "acme", "gitops", ref("heads/new", ahead), false)
			return err
		}, 200, ""},
		{"ErrNotFastForward", func() error {
			_, _, err := c.Git.UpdateRef(ctx, "acme", "gitops", ref("heads/new", side), false)
			return err
		}, 422, "Update is not a fast forward"},
		{"OKForce", func() error {
			_, _, err := c.Git.UpdateRef(ctx, "acme", "gitops", ref("heads/new", side), true)
			return err
		}, 200, ""},
		{"ErrUpdateMissing", func() error {
			_, _, err := c.Git.UpdateRef(ctx, "acme", "gitops", ref("heads/gone", side), true)
			return err
		}, 422, "Reference does not exist"},
		{"ErrGetMissing", func() error { _, _, err := c.Git.GetRef(ctx, "acme", "gitops", "heads/gone"); return err }, 404, "Not Found"},
		{"OKDelete", func() error { _, err := c.Git.DeleteRef(ctx, "acme", "gitops", "heads/new"); return err }, 200, ""},
		{"ErrDeleteMissing", func() error { _, err := c.Git.DeleteRef(ctx, "acme", "gitops", "heads/new"); return err }, 422, "Reference does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, msg := statusOf(tt.call()); code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("got %d %q, want %d %q", code, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	protect(t, srv, Protection{RequiredApprovals: 1})
	_, _, err = c.Git.UpdateRef(ctx, "acme", "gitops", ref("heads/main", side), true)
	if code, msg := statusOf(err); code != 422 || msg != "Protected branch update failed for refs/heads/main." {
		t.Errorf("protected update = %d %q", code, msg)
	}
	refs, _, err := c.Git.ListMatchingRefs(ctx, "acme", "gitops", &github.ReferenceListOptions{Ref: "heads/"})
	must(t, err)
	var names []string
	for _, r := range refs {
		names = append(names, r.GetRef()+"@"+r.GetObject().GetSHA()[:7])
	}
	want := []string{"refs/heads/main@" + ahead[:7], "refs/heads/side@" + side[:7]}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("matching refs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"main", "side"}, srv.Branches(gitops)); diff != "" {
		t.Errorf("Branches (-want +got):\n%s", diff)
	}
}

// TestTrees checks GET trees (recursive) and POST trees' deletion and
// subtree replacement.
func TestTrees(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	head, err := srv.Commit(gitops, "main")
	must(t, err)
	tree, _, err := c.Git.GetTree(ctx, "acme", "gitops", head.Tree, true)
	must(t, err)
	var got []string
	for _, e := range tree.Entries {
		got = append(got, e.GetType()+" "+e.GetMode()+" "+e.GetPath())
	}
	want := []string{"blob 100644 README.md", "tree 040000 environments", "tree 040000 environments/production",
		"tree 040000 environments/production/api", "blob 100644 environments/production/api/config.yaml",
		"tree 040000 environments/staging", "tree 040000 environments/staging/api",
		"blob 100644 environments/staging/api/config.yaml"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recursive tree (-want +got):\n%s", diff)
	}
	// Replace environments/production with the staging subtree, delete a
	// whole directory, and refuse deleting what is not there.
	staging := tree.Entries[5].GetSHA()
	nt, _, err := c.Git.CreateTree(ctx, "acme", "gitops", head.Tree, []*github.TreeEntry{
		{Path: github.String("environments/production"), Mode: github.String("040000"), Type: github.String("tree"), SHA: github.String(staging)},
		{Path: github.String("environments/staging"), Mode: github.String("040000"), Type: github.String("tree")},
	})
	must(t, err)
	flat, _, err := c.Git.GetTree(ctx, "acme", "gitops", nt.GetSHA(), true)
	must(t, err)
	got = nil
	for _, e := range flat.Entries {
		got = append(got, e.GetPath())
	}
	if diff := cmp.Diff([]string{"README.md", "environments", "environments/production", "environments/production/api",
		"environments/production/api/config.yaml"}, got); diff != "" {
		t.Errorf("new tree (-want +got):\n%s", diff)
	}
	_, _, err = c.Git.CreateTree(ctx, "acme", "gitops", head.Tree, []*github.TreeEntry{
		{Path: github.String("nope.txt"), Mode: github.String("100644"), Type: github.String("blob")}})
	if code, msg := statusOf(err); code != 422 || msg != "GitRPC::BadObjectState" {
		t.Errorf("deleting a missing path = %d %q", code, msg)
	}
}

// TestRevert restores a promotion's files from the merge commit's first
// parent in a new commit, the way a rollback does, while another file
// changed on main meanwhile stays.
func TestRevert(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	pr := promote(t, c, "p1", configV2)
	merged, _, err := c.PullRequests.Merge(ctx, "acme", "gitops", pr.GetNumber(), "", &github.PullRequestOptions{SHA: pr.GetHead().GetSHA()})
	must(t, err)
	push(t, srv, "bob", map[string][]byte{"README.md": []byte("# changed later\n")})

	mc, _, err := c.Git.GetCommit(ctx, "acme", "gitops", merged.GetSHA())
	must(t, err)
	before := mc.Parents[0].GetSHA()
	file, _, _, err := c.Repositories.GetContents(ctx, "acme", "gitops", configPath, &github.RepositoryContentGetOptions{Ref: before})
	must(t, err)
	ref, _, err := c.Git.GetRef(ctx, "acme", "gitops", "heads/main")
	must(t, err)
	head, _, err := c.Git.GetCommit(ctx, "acme", "gitops", ref.GetObject().GetSHA())
	must(t, err)
	tree, _, err := c.Git.CreateTree(ctx, "acme", "gitops", head.GetTree().GetSHA(), []*github.TreeEntry{
		{Path: github.String(configPath), Mode: github.String("100644"), Type: github.String("blob"), SHA: file.SHA}})
	must(t, err)
	rc, _, err := c.Git.CreateCommit(ctx, "acme", "gitops", &github.Commit{Message: github.String("rollback"), Tree: tree,
		Parents: []*github.Commit{{SHA: head.SHA}}}, nil)
	must(t, err)
	_, _, err = c.Git.CreateRef(ctx, "acme", "gitops", &github.Reference{Ref: github.String("refs/heads/rollback"), Object: &github.GitObject{SHA: rc.SHA}})
	must(t, err)
	rpr, _, err := c.PullRequests.Create(ctx, "acme", "gitops", &github.NewPullRequest{Title: github.String("rollback"),
		Head: github.String("rollback"), Base: github.String("main")})
	must(t, err)
	_, err = srv.MergePR(gitops, rpr.GetNumber(), "alice")
	must(t, err)

	for path, want := range map[string]string{configPath: string(configV1), "README.md": "# changed later\n"} {
		if got, err := srv.File(gitops, "main", path); err != nil || string(got) != want {
			t.Errorf("after rollback %s = %q, %v; want %q", path, got, err, want)
		}
	}
	files, _, err := c.PullRequests.ListFiles(ctx, "acme", "gitops", rpr.GetNumber(), nil)
	must(t, err)
	if len(files) != 1 || files[0].GetFilename() != configPath || files[0].GetPatch() == "" {
		t.Errorf("rollback PR files = %v", files)
	}
}
