package githubfake

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

// TestPullETag checks conditional GETs: a matching If-None-Match answers
// 304 with no body (go-github returns an *ErrorResponse for it), without
// using rate limit; a change to the pull request changes the ETag.
func TestPullETag(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	pr := promote(t, c, "p1", configV2)

	get := func(etag string) (*github.Response, error) {
		req, err := c.NewRequest("GET", "repos/acme/gitops/pulls/1", nil)
		if err != nil {
			t.Fatal(err)
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		return c.Do(ctx, req, new(github.PullRequest))
	}
	first, err := get("")
	if err != nil {
		t.Fatal(err)
	}
	etag := first.Header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("ETag = %q", etag)
	}
	second, err := get(etag)
	if code, _ := statusOf(err); code != http.StatusNotModified || second.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET = %v, %v; want 304", second.StatusCode, err)
	}
	if second.Rate.Remaining != first.Rate.Remaining {
		t.Errorf("304 used rate limit: remaining %d -> %d", first.Rate.Remaining, second.Rate.Remaining)
	}
	if _, err := addLabels(ctx, c, pr.GetNumber(), "promotion"); err != nil {
		t.Fatal(err)
	}
	third, err := get(etag)
	if err != nil || third.StatusCode != http.StatusOK || third.Header.Get("ETag") == etag {
		t.Fatalf("after a change: %v %q, %v; want 200 with a new ETag", third.StatusCode, third.Header.Get("ETag"), err)
	}
}

// TestMerge checks merges and GitHub's refusals, each on a fresh server.
func TestMerge(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, srv *Server, pr *github.PullRequest)
		opts     func(pr *github.PullRequest) *github.PullRequestOptions
		wantCode int
		wantMsg  string
		wantGET  string // mergeable_state before the merge
	}{
		{name: "OK", wantCode: 200, wantGET: "clean"},
		{name: "OKSquash", opts: func(pr *github.PullRequest) *github.PullRequestOptions {
			return &github.PullRequestOptions{MergeMethod: "squash", SHA: pr.GetHead().GetSHA()}
		}, wantCode: 200, wantGET: "clean"},
		{name: "OKBaseMovedElsewhereInFile", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			push(t, srv, "bob", map[string][]byte{configPath: configCPU})
		}, wantCode: 200, wantGET: "clean"},
		{name: "ErrConflictAdjacentLine", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			push(t, srv, "bob", map[string][]byte{configPath: []byte(strings.Replace(string(configV1), "replicas: 3", "replicas: 5", 1))})
		}, wantCode: 405, wantMsg: "Pull Request is not mergeable", wantGET: "dirty"},
		{name: "OKProtectionMet", setup: func(t *testing.T, srv *Server, pr *github.PullRequest) {
			protect(t, srv, Protection{RequiredApprovals: 1, RequiredChecks: []string{"ci"}})
			must(t, srv.Approve(gitops, pr.GetNumber(), "alice"))
			must(t, srv.SetCheck(gitops, pr.GetHead().GetSHA(), "ci", "success"))
		}, wantCode: 200, wantGET: "clean"},
		{name: "ErrStaleHead", opts: func(*github.PullRequest) *github.PullRequestOptions {
			return &github.PullRequestOptions{SHA: strings.Repeat("a", 40)}
		}, wantCode: 409, wantMsg: "Head branch was modified. Review and try the merge again.", wantGET: "clean"},
		{name: "ErrHeadMovedAfterPlan", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			if _, err := srv.PushCommit(gitops, "p1", "mallory", "sneak", map[string][]byte{"x": []byte("x")}); err != nil {
				t.Fatal(err)
			}
		}, wantCode: 409, wantMsg: "Head branch was modified. Review and try the merge again.", wantGET: "clean"},
		{name: "ErrApprovalRequired", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			protect(t, srv, Protection{RequiredApprovals: 1})
		}, wantCode: 405, wantMsg: "At least 1 approving review is required by reviewers with write access.", wantGET: "blocked"},
		{name: "ErrTwoApprovalsRequired", setup: func(t *testing.T, srv *Server, pr *github.PullRequest) {
			protect(t, srv, Protection{RequiredApprovals: 2})
			must(t, srv.Approve(gitops, pr.GetNumber(), "alice"))
		}, wantCode: 405, wantMsg: "At least 2 approving reviews are required by reviewers with write access.", wantGET: "blocked"},
		{name: "ErrCheckExpected", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			protect(t, srv, Protection{RequiredChecks: []string{"ci"}})
		}, wantCode: 405, wantMsg: `Required status check "ci" is expected.`, wantGET: "blocked"},
		{name: "ErrCheckFailing", setup: func(t *testing.T, srv *Server, pr *github.PullRequest) {
			protect(t, srv, Protection{RequiredChecks: []string{"ci"}})
			must(t, srv.SetCheck(gitops, pr.GetHead().GetSHA(), "ci", "failure"))
		}, wantCode: 405, wantMsg: `Required status check "ci" is failing.`, wantGET: "blocked"},
		{name: "ErrConflict", setup: func(t *testing.T, srv *Server, _ *github.PullRequest) {
			push(t, srv, "bob", map[string][]byte{configPath: []byte(strings.Replace(string(configV1), "9.1.0", "9.2.0", 1))})
		}, wantCode: 405, wantMsg: "Pull Request is not mergeable", wantGET: "dirty"},
		{name: "ErrClosed", setup: func(t *testing.T, srv *Server, pr *github.PullRequest) {
			must(t, srv.ClosePR(gitops, pr.GetNumber()))
		}, wantCode: 405, wantMsg: "Pull Request is not mergeable", wantGET: "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			c := clientFor(t, srv, botToken)
			ctx := context.Background()
			pr := promote(t, c, "p1", configV2)
			if tt.setup != nil {
				tt.setup(t, srv, pr)
			}
			got, _, err := c.PullRequests.Get(ctx, "acme", "gitops", pr.GetNumber())
			if err != nil || got.GetMergeableState() != tt.wantGET {
				t.Errorf("mergeable_state = %q, %v; want %q", got.GetMergeableState(), err, tt.wantGET)
			}
			opts := &github.PullRequestOptions{SHA: pr.GetHead().GetSHA()}
			if tt.opts != nil {
				opts = tt.opts(pr)
			}
			before := srv.Head(gitops, "main")
			_, _, err = c.PullRequests.Merge(ctx, "acme", "gitops", pr.GetNumber(), "", opts)
			code, msg := statusOf(err)
			if code != tt.wantCode || msg != tt.wantMsg {
				t.Fatalf("Merge = %d %q, want %d %q", code, msg, tt.wantCode, tt.wantMsg)
			}
			if moved := srv.Head(gitops, "main") != before; moved != (code == 200) {
				t.Errorf("main moved = %v after %d", moved, code)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func protect(t *testing.T, srv *Server, p Protection) {
	t.Helper()
	must(t, srv.SetBranchProtection(gitops, "main", p))
}

func push(t *testing.T, srv *Server, who string, files map[string][]byte) string {
	t.Helper()
	sha, err := srv.PushCommit(gitops, "main", who, "change by "+who, files)
	must(t, err)
	return sha
}

// TestMergeResults checks the Git objects merge and squash make, including
// a line-level merge with a change on the base branch.
func TestMergeResults(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	pr1 := promote(t, c, "p1", configV2)
	push(t, srv, "bob", map[string][]byte{configPath: configCPU})
	base := srv.Head(gitops, "main")
	res, _, err := c.PullRequests.Merge(ctx, "acme", "gitops", pr1.GetNumber(), "", &github.PullRequestOptions{MergeMethod: "squash"})
	must(t, err)
	sq, err := srv.Commit(gitops, res.GetSHA())
	must(t, err)
	if diff := cmp.Diff([]string{base}, sq.Parents); diff != "" {
		t.Errorf("squash parents (-want +got):\n%s", diff)
	}
	if want := "promote(production): api 9.1.0 → 9.1.1 (#1)\n\n* promote api"; sq.Message != want {
		t.Errorf("squash message = %q, want %q", sq.Message, want)
	}
	got, err := srv.File(gitops, "main", configPath)
	must(t, err)
	if want := strings.Replace(string(configCPU), "9.1.0", "9.1.1", 1); string(got) != want {
		t.Errorf("merged file = %q, want %q", got, want)
	}
}

// TestCreatePullErrors checks GitHub's 422s on POST pulls.
func TestCreatePullErrors(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	promote(t, c, "p1", configV2)
	_, err := srv.PushCommit(gitops, "empty", "bob", "nothing", nil)
	must(t, err)
	must(t, srv.DeleteBranch(gitops, "empty"))
	must(t, c2(srv.PushCommit(gitops, "same", "bob", "same", map[string][]byte{configPath: configV1})))
	tests := []struct {
		name, head, base, wantMsg string
	}{
		{"ErrDuplicate", "acme:p1", "main", "Validation Failed | A pull request already exists for acme:p1."},
		{"ErrDuplicateBareHead", "p1", "main", "Validation Failed | A pull request already exists for acme:p1."},
		{"ErrNoCommits", "main", "main", "Validation Failed | No commits between main and main"},
		{"ErrHeadMissing", "nope", "main", "Validation Failed | "},
		{"ErrBaseMissing", "p1", "nope", "Validation Failed | "},
		{"ErrForeignOwner", "other:p1", "main", "Validation Failed | "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := c.PullRequests.Create(ctx, "acme", "gitops", &github.NewPullRequest{
				Title: github.String("x"), Head: github.String(tt.head), Base: github.String(tt.base)})
			if code, msg := statusOf(err); code != 422 || msg != tt.wantMsg {
				t.Errorf("Create = %d %q, want 422 %q", code, msg, tt.wantMsg)
			}
		})
	}
	if n := len(srv.PRs(gitops)); n != 1 {
		t.Errorf("%d pull requests, want 1", n)
	}
}

func c2(_ string, err error) error { return err }

// TestListPulls checks the head/state filters the client uses to find and
// reuse its pull request, and that lists omit the detail fields.
func TestListPulls(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	promote(t, c, "p1", configV2)
	pr2 := promote(t, c, "p2", []byte("other\n"))
	must(t, srv.ClosePR(gitops, pr2.GetNumber()))
	tests := []struct {
		name string
		opts github.PullRequestListOptions
		want []int
	}{
		{"OKOpen", github.PullRequestListOptions{}, []int{1}},
		{"OKAll", github.PullRequestListOptions{State: "all"}, []int{2, 1}},
		{"OKHead", github.PullRequestListOptions{State: "all", Head: "acme:p2"}, []int{2}},
		{"OKClosedHead", github.PullRequestListOptions{State: "closed", Head: "acme:p1"}, nil},
		{"OKPage", github.PullRequestListOptions{State: "all", ListOptions: github.ListOptions{PerPage: 1, Page: 2}}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prs, _, err := c.PullRequests.List(ctx, "acme", "gitops", &tt.opts)
			must(t, err)
			var got []int
			for _, pr := range prs {
				got = append(got, pr.GetNumber())
				if pr.Merged != nil || pr.Mergeable != nil {
					t.Errorf("list item #%d has detail fields", pr.GetNumber())
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("numbers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEditPull closes and reopens through the API, and checks that deleting
// the head branch closes an open pull request.
func TestEditPull(t *testing.T) {
	srv := newServer(t)
	c := clientFor(t, srv, botToken)
	ctx := context.Background()
	pr := promote(t, c, "p1", configV2)
	closed, _, err := c.PullRequests.Edit(ctx, "acme", "gitops", pr.GetNumber(), &github.PullRequest{State: github.String("closed")})
	if err != nil || closed.GetState() != "closed" || closed.GetMerged() || closed.ClosedAt == nil {
		t.Fatalf("close = %v %v %v, %v", closed.GetState(), closed.GetMerged(), closed.ClosedAt, err)
	}
	reopened, _, err := c.PullRequests.Edit(ctx, "acme", "gitops", pr.GetNumber(),
		&github.PullRequest{State: github.String("open"), Title: github.String("new title")})
	if err != nil || reopened.GetState() != "open" || reopened.GetTitle() != "new title" {
		t.Fatalf("reopen = %v %q, %v", reopened.GetState(), reopened.GetTitle(), err)
	}
	if _, err := c.Git.DeleteRef(ctx, "acme", "gitops", "heads/p1"); err != nil {
		t.Fatal(err)
	}
	snap, err := srv.PR(gitops, pr.GetNumber())
	if err != nil || snap.State != "closed" || snap.Merged {
		t.Errorf("after branch deletion: %+v, %v", snap, err)
	}
}

// TestReviews checks reviews and GitHub's refusal of self-approval.
func TestReviews(t *testing.T) {
	srv := newServer(t)
	bot, alice := clientFor(t, srv, botToken), clientFor(t, srv, aliceToken)
	ctx := context.Background()
	pr := promote(t, bot, "p1", configV2)
	_, _, err := bot.PullRequests.CreateReview(ctx, "acme", "gitops", pr.GetNumber(),
		&github.PullRequestReviewRequest{Event: github.String("APPROVE")})
	if code, msg := statusOf(err); code != 422 || msg != "Unprocessable Entity | Can not approve your own pull request" {
		t.Errorf("self approval = %d %q", code, msg)
	}
	_, _, err = alice.PullRequests.CreateReview(ctx, "acme", "gitops", pr.GetNumber(),
		&github.PullRequestReviewRequest{Event: github.String("REQUEST_CHANGES"), Body: github.String("no")})
	must(t, err)
	must(t, srv.Approve(gitops, pr.GetNumber(), "carol"))
	reviews, _, err := bot.PullRequests.ListReviews(ctx, "acme", "gitops", pr.GetNumber(), nil)
	must(t, err)
	var got []string
	for _, r := range reviews {
		got = append(got, r.GetUser().GetLogin()+":"+r.GetState()+":"+r.GetCommitID()[:7])
	}
	head := pr.GetHead().GetSHA()[:7]
	if diff := cmp.Diff([]string{"alice:CHANGES_REQUESTED:" + head, "carol:APPROVED:" + head}, got); diff != "" {
		t.Errorf("reviews (-want +got):\n%s", diff)
	}
	protect(t, srv, Protection{RequiredApprovals: 1})
	_, _, err = bot.PullRequests.Merge(ctx, "acme", "gitops", pr.GetNumber(), "", nil)
	if code, msg := statusOf(err); code != 405 || !strings.HasPrefix(msg, "Changes requested") {
		t.Errorf("merge with changes requested = %d %q", code, msg)
	}
}
