package githubfake

import (
	"context"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// seedApp adds acme/api with three merged pull requests and tags v1.0.0
// (after the first) and v1.1.0 (after the third); it returns the merge SHAs.
func seedApp(t *testing.T, srv *Server) []string {
	t.Helper()
	must(t, srv.AddRepo("acme/api", "main", map[string][]byte{"main.go": []byte("package main\n")}))
	var shas []string
	for _, pr := range []struct{ title, author, file, body string }{
		{"feat: health endpoint", "alice", "health.go", "package main\n// health\n"},
		{"fix: timeout", "bob", "main.go", "package main\n// timeout 5s\n"},
		{"feat: metrics", "carol", "metrics.go", "package main\n"},
	} {
		n, sha, err := srv.AddMergedPR("acme/api", pr.title, pr.author, map[string][]byte{pr.file: []byte(pr.body)})
		must(t, err)
		if n != len(shas)+1 {
			t.Fatalf("AddMergedPR number = %d", n)
		}
		shas = append(shas, sha)
	}
	for tag, sha := range map[string]string{"v1.0.0": shas[0], "v1.1.0": shas[2]} {
		if _, err := srv.Tag("acme/api", tag, sha); err != nil {
			t.Fatal(err)
		}
	}
	return shas
}

// TestCompare checks the changelog between two versions.
func TestCompare(t *testing.T) {
	srv := newServer(t)
	seedApp(t, srv)
	c := clientFor(t, srv, botToken)
	cmpr, _, err := c.Repositories.CompareCommits(context.Background(), "acme", "api", "v1.0.0", "v1.1.0", nil)
	must(t, err)
	var commits []string
	for _, rc := range cmpr.Commits {
		commits = append(commits, rc.GetAuthor().GetLogin()+": "+firstLine(rc.GetCommit().GetMessage()))
	}
	want := []string{"bob: fix: timeout", "bob: Merge pull request #2 from acme/bob/pr-2",
		"carol: feat: metrics", "carol: Merge pull request #3 from acme/carol/pr-3"}
	if diff := cmp.Diff(want, commits); diff != "" {
		t.Errorf("commits (-want +got):\n%s", diff)
	}
	var files []string
	for _, f := range cmpr.Files {
		files = append(files, f.GetFilename()+" "+f.GetStatus()+"\n"+f.GetPatch())
	}
	wantFiles := []string{
		"main.go modified\n@@ -1 +1,2 @@\n package main\n+// timeout 5s",
		"metrics.go added\n@@ -0,0 +1 @@\n+package main",
	}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if cmpr.GetStatus() != "ahead" || cmpr.GetAheadBy() != 4 || cmpr.GetBehindBy() != 0 || cmpr.GetTotalCommits() != 4 {
		t.Errorf("status %s ahead %d behind %d total %d", cmpr.GetStatus(), cmpr.GetAheadBy(), cmpr.GetBehindBy(), cmpr.GetTotalCommits())
	}
	back, _, err := c.Repositories.CompareCommits(context.Background(), "acme", "api", "v1.1.0", "v1.0.0", nil)
	must(t, err)
	if back.GetStatus() != "behind" || back.GetBehindBy() != 4 {
		t.Errorf("reverse compare: %s behind %d", back.GetStatus(), back.GetBehindBy())
	}
}

func firstLine(s string) string {
	for i := range s {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

// TestCommitPulls finds the pull request behind a version, from its merge
// commit and from the commit inside it.
func TestCommitPulls(t *testing.T) {
	srv := newServer(t)
	shas := seedApp(t, srv)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	mc, _, err := c.Git.GetCommit(ctx, "acme", "api", shas[1])
	must(t, err)
	for _, sha := range []string{shas[1], mc.Parents[1].GetSHA()} {
		prs, _, err := c.PullRequests.ListPullRequestsWithCommit(ctx, "acme", "api", sha, nil)
		must(t, err)
		if len(prs) != 1 || prs[0].GetNumber() != 2 || prs[0].GetTitle() != "fix: timeout" ||
			prs[0].GetUser().GetLogin() != "bob" || prs[0].MergedAt == nil || prs[0].GetMergeCommitSHA() != shas[1] {
			t.Errorf("pulls for %s = %v", sha[:7], prs)
		}
	}
	prs, _, err := c.PullRequests.ListPullRequestsWithCommit(ctx, "acme", "api", srv.Head("acme/api", "main"), nil)
	must(t, err)
	if len(prs) != 1 || prs[0].GetNumber() != 3 {
		t.Errorf("pulls for main = %v", prs)
	}
}

// TestCommits checks GET commits/{ref} (with files) and the list with a
// path filter, which tells who changed a file last.
func TestCommits(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	bobSHA := push(t, srv, "bob", map[string][]byte{configPath: configCPU})
	push(t, srv, "carol", map[string][]byte{"README.md": []byte("x\n")})
	list, _, err := c.Repositories.ListCommits(ctx, "acme", "gitops", &github.CommitsListOptions{SHA: "main", Path: configPath})
	must(t, err)
	var got []string
	for _, rc := range list {
		got = append(got, rc.GetCommit().GetAuthor().GetName()+" "+rc.GetSHA()[:7])
	}
	initial, err := srv.Commit(gitops, "main~2")
	must(t, err)
	if diff := cmp.Diff([]string{"bob " + bobSHA[:7], "acme " + initial.SHA[:7]}, got); diff != "" {
		t.Errorf("commits touching the file (-want +got):\n%s", diff)
	}
	if list[0].GetAuthor().GetLogin() != "bob" || list[1].Author != nil {
		t.Errorf("authors: %v, %v", list[0].GetAuthor(), list[1].Author)
	}
	rc, _, err := c.Repositories.GetCommit(ctx, "acme", "gitops", bobSHA, nil)
	must(t, err)
	if len(rc.Files) != 1 || rc.Files[0].GetFilename() != configPath || rc.GetStats().GetTotal() != 2 ||
		rc.Files[0].GetPatch() != "@@ -3,4 +3,4 @@\n   chartTag: api-v9.1.0\n   replicas: 3\n   resources:\n-    cpu: 100m\n+    cpu: 200m" {
		t.Errorf("GetCommit files = %v stats %v", rc.Files, rc.Stats)
	}
	_, _, err = c.Repositories.GetCommit(ctx, "acme", "gitops", "nope", nil)
	if code, msg := statusOf(err); code != 422 || msg != "No commit found for SHA: nope" {
		t.Errorf("unknown commit = %d %q", code, msg)
	}
}

// TestContents checks files, directories, raw content, download URLs and
// 404s.
func TestContents(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	f, _, _, err := c.Repositories.GetContents(ctx, "acme", "gitops", configPath, &github.RepositoryContentGetOptions{Ref: "main"})
	must(t, err)
	content, err := f.GetContent()
	if err != nil || content != string(configV1) || f.GetEncoding() != "base64" || f.GetSize() != len(configV1) {
		t.Errorf("file = %q (%s, %d), %v", content, f.GetEncoding(), f.GetSize(), err)
	}
	_, dir, _, err := c.Repositories.GetContents(ctx, "acme", "gitops", "environments", nil)
	must(t, err)
	var names []string
	for _, d := range dir {
		names = append(names, d.GetType()+" "+d.GetPath())
	}
	if diff := cmp.Diff([]string{"dir environments/production", "dir environments/staging"}, names); diff != "" {
		t.Errorf("dir (-want +got):\n%s", diff)
	}
	rc, _, err := c.Repositories.DownloadContents(ctx, "acme", "gitops", "README.md", nil)
	must(t, err)
	body, _ := io.ReadAll(rc)
	rc.Close()
	if string(body) != "# GitOps\n" {
		t.Errorf("download = %q", body)
	}
	raw, _, err := c.Git.GetBlobRaw(ctx, "acme", "gitops", f.GetSHA())
	if err != nil || string(raw) != string(configV1) {
		t.Errorf("GetBlobRaw = %q, %v", raw, err)
	}
	blob, _, err := c.Git.GetBlob(ctx, "acme", "gitops", f.GetSHA())
	if err != nil || blob.GetEncoding() != "base64" || blob.GetSize() != len(configV1) {
		t.Errorf("GetBlob = %v, %v", blob, err)
	}
	for _, tt := range []struct{ name, path, ref, msg string }{
		{"ErrMissingFile", "nope.yaml", "", "Not Found"},
		{"ErrMissingRef", "README.md", "nope", "No commit found for the ref nope"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := c.Repositories.GetContents(ctx, "acme", "gitops", tt.path, &github.RepositoryContentGetOptions{Ref: tt.ref})
			if code, msg := statusOf(err); code != 404 || msg != tt.msg {
				t.Errorf("got %d %q", code, msg)
			}
		})
	}
}

// TestRefNamesWithSlashes checks branch names with "/" in the places
// go-github escapes them differently, and GetCommitSHA1's conditional GET.
func TestRefNamesWithSlashes(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	sha, err := srv.PushCommit(gitops, "deploybot/production/api", "bot", "x", map[string][]byte{"x": []byte("x\n")})
	must(t, err)
	b, _, err := c.Repositories.GetBranch(ctx, "acme", "gitops", "deploybot/production/api", 0)
	if err != nil || b.GetCommit().GetSHA() != sha {
		t.Errorf("GetBranch = %v, %v", b, err)
	}
	cmpr, _, err := c.Repositories.CompareCommits(ctx, "acme", "gitops", "main", "acme:deploybot/production/api", nil)
	if err != nil || cmpr.GetAheadBy() != 1 || len(cmpr.Files) != 1 {
		t.Errorf("CompareCommits = %v, %v", cmpr, err)
	}
	got, _, err := c.Repositories.GetCommitSHA1(ctx, "acme", "gitops", "deploybot/production/api", "")
	if err != nil || got != sha {
		t.Errorf("GetCommitSHA1 = %q, %v", got, err)
	}
	_, resp, err := c.Repositories.GetCommitSHA1(ctx, "acme", "gitops", "deploybot/production/api", sha)
	if code, _ := statusOf(err); code != 304 || resp.StatusCode != 304 {
		t.Errorf("GetCommitSHA1 unchanged = %d, %v; want 304", resp.StatusCode, err)
	}
	branches, _, err := c.Repositories.ListBranches(ctx, "acme", "gitops", nil)
	must(t, err)
	var names []string
	for _, b := range branches {
		names = append(names, b.GetName())
	}
	if diff := cmp.Diff([]string{"deploybot/production/api", "main"}, names); diff != "" {
		t.Errorf("branches (-want +got):\n%s", diff)
	}
}

// TestChecks checks check runs and the combined status SetCheck produces.
func TestChecks(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	must(t, srv.SetCheck(gitops, "main", "ci", ""))
	must(t, srv.SetCheck(gitops, "main", "lint", "success"))
	st, _, err := c.Repositories.GetCombinedStatus(ctx, "acme", "gitops", "main", nil)
	if err != nil || st.GetState() != "pending" || st.GetTotalCount() != 2 {
		t.Errorf("combined status = %v, %v", st, err)
	}
	must(t, srv.SetCheck(gitops, "main", "ci", "failure"))
	runs, _, err := c.Checks.ListCheckRunsForRef(ctx, "acme", "gitops", "main", nil)
	must(t, err)
	var got []string
	for _, r := range runs.CheckRuns {
		got = append(got, r.GetName()+":"+r.GetStatus()+":"+r.GetConclusion())
	}
	if diff := cmp.Diff([]string{"ci:completed:failure", "lint:completed:success"}, got); diff != "" {
		t.Errorf("check runs (-want +got):\n%s", diff)
	}
	st, _, err = c.Repositories.GetCombinedStatus(ctx, "acme", "gitops", "main", nil)
	if err != nil || st.GetState() != "failure" {
		t.Errorf("combined status = %v, %v", st.GetState(), err)
	}
}
