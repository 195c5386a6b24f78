package github_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

func TestMerge(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		pm, pr := e.open(t, "p42", apiProd)
		sha, err := e.c.Merge(ctx, pr, "Approved in Slack by @sam")
		must(t, err)
		merge, err := e.srv.Commit(gitops, sha)
		must(t, err)
		if diff := cmp.Diff([]string{pm.req.BaseSHA, pr.HeadSHA}, merge.Parents); diff != "" {
			t.Errorf("merge commit parents (-want +got):\n%s", diff)
		}
		if !strings.HasSuffix(merge.Message, "Approved in Slack by @sam") || e.srv.Head(gitops, "main") != sha {
			t.Errorf("merge message %q, main at %s; want %s", merge.Message, e.srv.Head(gitops, "main"), sha)
		}
		again, err := e.c.Merge(ctx, pr, "again")
		if err != nil || again != sha {
			t.Errorf("second Merge = %s, %v; want the same merge %s", again, err, sha)
		}
	})
	t.Run("OKAfterServerError", func(t *testing.T) {
		e := newEnv(t)
		_, pr := e.open(t, "p42", apiProd)
		e.srv.Inject(githubfake.Fault{Path: "PUT /repos/acme/gitops/pulls/1/merge", Status: 502})
		e.srv.ResetRequests()
		sha, err := e.c.Merge(ctx, pr, "")
		must(t, err)
		want := []string{
			"PUT /repos/acme/gitops/pulls/1/merge 502",
			"GET /repos/acme/gitops/pulls/1 200", // merged after all? no: merge again
			"PUT /repos/acme/gitops/pulls/1/merge 200",
		}
		if diff := cmp.Diff(want, e.requests()); diff != "" || sha == "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
	tests := []struct {
		name  string
		setup func(t *testing.T, e *testEnv, pr deploy.PullRequest)
		code  fault.Code
		msg   string
	}{
		{"ErrHeadMoved", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			_, err := e.srv.PushCommit(gitops, pr.Branch, "mallory", "sneak", map[string][]byte{prodBill: []byte("x: 1\n")})
			must(t, err)
		}, fault.CodeConflict, "acme/gitops#1 was not merged: the pull request's head moved since it was approved"},
		{"ErrApprovalsMissing", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.SetBranchProtection(gitops, "main", githubfake.Protection{RequiredApprovals: 2}))
			must(t, e.srv.Approve(gitops, pr.Number, "alice"))
		}, fault.CodeBlocked, "GitHub needs 2 approving review(s) from people with write access on acme/gitops#1 before it can merge"},
		{"ErrChangesRequested", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.SetBranchProtection(gitops, "main", githubfake.Protection{RequiredApprovals: 1}))
			must(t, e.srv.Review(gitops, pr.Number, "alice", "REQUEST_CHANGES", "no"))
		}, fault.CodeBlocked, "a reviewer requested changes on acme/gitops#1"},
		{"ErrCheckFailing", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.SetBranchProtection(gitops, "main", githubfake.Protection{RequiredChecks: []string{"kubeconform"}}))
			must(t, e.srv.SetCheck(gitops, pr.HeadSHA, "kubeconform", "failure"))
		}, fault.CodeBlocked, `the required check "kubeconform" is failing on acme/gitops#1`},
		{"ErrCheckMissing", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.SetBranchProtection(gitops, "main", githubfake.Protection{RequiredChecks: []string{"kubeconform"}}))
		}, fault.CodeBlocked, `GitHub is waiting for the required check "kubeconform" on acme/gitops#1`},
		{"ErrChecks", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.SetBranchProtection(gitops, "main", githubfake.Protection{RequiredChecks: []string{"lint", "test", "build"}}))
			must(t, e.srv.SetCheck(gitops, pr.HeadSHA, "lint", "failure"))
			must(t, e.srv.SetCheck(gitops, pr.HeadSHA, "test", ""))
			must(t, e.srv.SetCheck(gitops, pr.HeadSHA, "build", "success"))
		}, fault.CodeBlocked, "2 of 3 required checks have not passed on acme/gitops#1 (failing: lint; still running: test)"},
		{"ErrConflicts", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			_, err := e.srv.PushCommit(gitops, "main", "alice", "hotfix", map[string][]byte{prodAPI: []byte("service:\n  chartTag: api-v9.1.2\n")})
			must(t, err)
		}, fault.CodeBlocked, "acme/gitops#1 has conflicts with main; resolve them or cancel and promote again"},
		{"ErrClosed", func(t *testing.T, e *testEnv, pr deploy.PullRequest) {
			must(t, e.srv.ClosePR(gitops, pr.Number))
		}, fault.CodeConflict, "acme/gitops#1 was closed without merging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, pr := e.open(t, "p42", apiProd)
			tt.setup(t, e, pr)
			_, err := e.c.Merge(ctx, pr, "")
			if fault.ErrorCode(err) != tt.code || !strings.Contains(fault.UserMessage(err), tt.msg) {
				t.Fatalf("Merge: %s %q\nwant %s %q", fault.ErrorCode(err), fault.UserMessage(err), tt.code, tt.msg)
			}
			if snap, _ := e.srv.PR(gitops, pr.Number); snap.Merged {
				t.Error("merged anyway")
			}
		})
	}
}
