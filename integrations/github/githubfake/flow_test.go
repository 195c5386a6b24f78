package githubfake

import (
	"context"
	"encoding/base64"
	"os/exec"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestPromotionFlow drives one promotion the way the client does — blob,
// tree, commit, ref, pull request, labels, reviewers, review, merge with the
// expected head — and checks the real Git objects that result.
func TestPromotionFlow(t *testing.T) {
	srv := newServer(t)
	bot, alice := clientFor(t, srv, botToken), clientFor(t, srv, aliceToken)
	ctx := context.Background()
	baseSHA := srv.Head(gitops, "main")
	srv.ResetRequests()

	ref, _, err := bot.Git.GetRef(ctx, "acme", "gitops", "heads/main")
	if err != nil || ref.GetObject().GetSHA() != baseSHA {
		t.Fatalf("GetRef = %v, %v; want %s", ref, err, baseSHA)
	}
	base, _, err := bot.Git.GetCommit(ctx, "acme", "gitops", baseSHA)
	if err != nil {
		t.Fatal(err)
	}
	blob, _, err := bot.Git.CreateBlob(ctx, "acme", "gitops", &github.Blob{
		Content: github.String(base64.StdEncoding.EncodeToString(configV2)), Encoding: github.String("base64")})
	if err != nil {
		t.Fatal(err)
	}
	tree, _, err := bot.Git.CreateTree(ctx, "acme", "gitops", base.GetTree().GetSHA(), []*github.TreeEntry{
		{Path: github.String(configPath), Mode: github.String("100644"), Type: github.String("blob"), SHA: blob.SHA},
		{Path: github.String("promotions/production/api.yaml"), Mode: github.String("100644"), Type: github.String("blob"),
			Content: github.String("revision: abc\n")},
		{Path: github.String("README.md"), Mode: github.String("100644"), Type: github.String("blob")}, // sha null: delete
	})
	if err != nil {
		t.Fatal(err)
	}
	commit, _, err := bot.Git.CreateCommit(ctx, "acme", "gitops", &github.Commit{
		Message: github.String("promote(production): api 9.1.0 → 9.1.1"), Tree: tree,
		Parents: []*github.Commit{{SHA: github.String(baseSHA)}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const branch = "deploybot/production/api/9.1.1-p42"
	if _, _, err := bot.Git.CreateRef(ctx, "acme", "gitops", &github.Reference{
		Ref: github.String("refs/heads/" + branch), Object: &github.GitObject{SHA: commit.SHA}}); err != nil {
		t.Fatal(err)
	}
	pr, _, err := bot.PullRequests.Create(ctx, "acme", "gitops", &github.NewPullRequest{
		Title: github.String("promote(production): api 9.1.0 → 9.1.1"), Head: github.String("acme:" + branch),
		Base: github.String("main"), Body: github.String("## What changes\n")})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := addLabels(ctx, bot, pr.GetNumber(), "requires-review", "promotion")
	if err != nil || len(labels) != 2 {
		t.Fatalf("AddLabelsToIssue = %v, %v", labels, err)
	}
	if _, _, err := bot.PullRequests.RequestReviewers(ctx, "acme", "gitops", pr.GetNumber(),
		github.ReviewersRequest{Reviewers: []string{"alice"}, TeamReviewers: []string{"platform"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := alice.PullRequests.CreateReview(ctx, "acme", "gitops", pr.GetNumber(),
		&github.PullRequestReviewRequest{Event: github.String("APPROVE")}); err != nil {
		t.Fatal(err)
	}
	res, _, err := bot.PullRequests.Merge(ctx, "acme", "gitops", pr.GetNumber(), "",
		&github.PullRequestOptions{SHA: commit.GetSHA(), MergeMethod: "merge"})
	if err != nil || !res.GetMerged() {
		t.Fatalf("Merge = %v, %v", res, err)
	}

	if got := srv.CountRequests("POST /repos/acme/gitops/git/**"); got != 4 {
		t.Errorf("git data writes = %d, want 4 (blob, tree, commit, ref)", got)
	}
	if got := srv.CountRequests(""); got != 11 {
		t.Errorf("requests = %d, want 11: %+v", got, srv.Requests())
	}
	checkMergedGit(t, srv, baseSHA, commit.GetSHA(), res.GetSHA())
	checkMergedPR(t, srv, bot, pr.GetNumber(), res.GetSHA())
}

// checkMergedGit checks the merge commit, its tree and the branch heads, in
// the server and by opening the bare repository with go-git.
func checkMergedGit(t *testing.T, srv *Server, baseSHA, prSHA, mergeSHA string) {
	t.Helper()
	mc, err := srv.Commit(gitops, mergeSHA)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{baseSHA, prSHA}, mc.Parents); diff != "" {
		t.Errorf("merge parents (-want +got):\n%s", diff)
	}
	if want := "Merge pull request #1 from acme/deploybot/production/api/9.1.1-p42\n\npromote(production): api 9.1.0 → 9.1.1"; mc.Message != want {
		t.Errorf("merge message = %q, want %q", mc.Message, want)
	}
	if got := srv.Head(gitops, "main"); got != mergeSHA {
		t.Errorf("main = %s, want merge %s", got, mergeSHA)
	}
	for path, want := range map[string]string{configPath: string(configV2), "promotions/production/api.yaml": "revision: abc\n"} {
		if got, err := srv.File(gitops, "main", path); err != nil || string(got) != want {
			t.Errorf("File(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := srv.File(gitops, "main", "README.md"); err == nil {
		t.Error("README.md survived its deletion")
	}
	g, err := git.PlainOpen(srv.GitDir(gitops))
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.CommitObject(plumbing.NewHash(mergeSHA))
	if err != nil || c.NumParents() != 2 {
		t.Fatalf("go-git merge commit = %v, %v", c, err)
	}
	if path, err := exec.LookPath("git"); err == nil {
		out, err := exec.Command(path, "--git-dir", srv.GitDir(gitops), "fsck", "--strict").CombinedOutput()
		if err != nil {
			t.Errorf("git fsck: %v\n%s", err, out)
		}
	}
}

// checkMergedPR checks what GET pulls/{n} and the snapshot say afterwards.
func checkMergedPR(t *testing.T, srv *Server, c *github.Client, n int, mergeSHA string) {
	t.Helper()
	got, _, err := c.PullRequests.Get(context.Background(), "acme", "gitops", n)
	if err != nil {
		t.Fatal(err)
	}
	if !got.GetMerged() || got.GetMergeCommitSHA() != mergeSHA || got.GetState() != "closed" ||
		got.GetMergedBy().GetLogin() != "deploybot" || got.MergedAt == nil {
		t.Errorf("merged PR = merged %v sha %s state %s by %s at %v", got.GetMerged(), got.GetMergeCommitSHA(),
			got.GetState(), got.GetMergedBy().GetLogin(), got.MergedAt)
	}
	snap, err := srv.PR(gitops, n)
	if err != nil {
		t.Fatal(err)
	}
	want := PullRequest{Number: n, Title: "promote(production): api 9.1.0 → 9.1.1", Body: "## What changes\n",
		State: "closed", Merged: true, Author: "deploybot", Head: "deploybot/production/api/9.1.1-p42", Base: "main",
		HeadSHA: got.GetHead().GetSHA(), MergeCommitSHA: mergeSHA, MergedBy: "deploybot",
		Labels: []string{"requires-review", "promotion"}, RequestedTeams: []string{"platform"},
		Reviews: []Review{{User: "alice", State: "APPROVED", CommitID: got.GetHead().GetSHA()}}}
	opt := cmp.FilterPath(func(p cmp.Path) bool {
		switch p.Last().String() {
		case ".CreatedAt", ".UpdatedAt", ".ClosedAt", ".MergedAt", ".ID":
			return true
		}
		return false
	}, cmp.Ignore())
	if diff := cmp.Diff(want, snap, opt); diff != "" {
		t.Errorf("PR snapshot (-want +got):\n%s", diff)
	}
}
