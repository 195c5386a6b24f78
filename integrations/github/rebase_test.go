package github_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestBaseMoved plans a promotion, lets a person push to main, then does
// what the engine does before opening the pull request: Replan on the new
// head, and OpenChange only if that succeeds.
func TestBaseMoved(t *testing.T) {
	ctx := context.Background()
	t.Run("OKOtherFile", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		pushed, err := e.srv.PushCommit(gitops, "main", "sam", "bump billing", map[string][]byte{prodBill: []byte("service:\n  chartTag: billing-v2.0.9\n")})
		must(t, err)
		plan, head, err := deploy.Replan(e.cfg, ctx, e.c, apiProd, pm.plan, pm.req.BaseSHA)
		must(t, err)
		if head != pushed {
			t.Fatalf("Replan head = %s, want the pushed commit %s", head, pushed)
		}
		pm.req.BaseSHA, pm.req.Files = head, plan.Files
		pr, err := e.c.OpenChange(ctx, pm.req)
		must(t, err)
		commit, err := e.srv.Commit(gitops, pr.HeadSHA)
		must(t, err)
		if diff := cmp.Diff([]string{pushed}, commit.Parents); diff != "" {
			t.Errorf("parent (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{prodAPI}, changedPaths(t, e.srv, pr.HeadSHA)); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		if got, _ := e.srv.File(gitops, pr.Branch, prodBill); string(got) != "service:\n  chartTag: billing-v2.0.9\n" {
			t.Errorf("the other change is lost on the branch: %q", got)
		}
	})
	t.Run("OKSameFileOtherKey", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		scaled := strings.Replace(string(pm.plan.Files[0].Old), "replicas: 4", "replicas: 6", 1)
		_, err := e.srv.PushCommit(gitops, "main", "sam", "scale api", map[string][]byte{prodAPI: []byte(scaled)})
		must(t, err)
		plan, head, err := deploy.Replan(e.cfg, ctx, e.c, apiProd, pm.plan, pm.req.BaseSHA)
		must(t, err)
		pm.req.BaseSHA, pm.req.Files = head, plan.Files
		pr, err := e.c.OpenChange(ctx, pm.req)
		must(t, err)
		want := strings.Replace(scaled, "api-v9.1.0", "api-v9.1.1", 1)
		if got, _ := e.srv.File(gitops, pr.Branch, prodAPI); string(got) != want {
			t.Errorf("%s = %q, want both changes %q", prodAPI, got, want)
		}
	})
	t.Run("ErrSameKey", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		hotfix := strings.Replace(string(pm.plan.Files[0].Old), "api-v9.1.0", "api-v9.1.2", 1)
		pushed, err := e.srv.PushCommit(gitops, "main", "alice", "hotfix api", map[string][]byte{prodAPI: []byte(hotfix)})
		must(t, err)
		e.srv.ResetRequests()
		_, _, err = deploy.Replan(e.cfg, ctx, e.c, apiProd, pm.plan, pm.req.BaseSHA)
		if fault.ErrorCode(err) != fault.CodeConflict {
			t.Fatalf("err = %v, want a conflict", err)
		}
		for _, want := range []string{prodAPI, "alice", pushed[:7], "v9.1.2", "Nothing was pushed"} {
			if !strings.Contains(fault.UserMessage(err), want) {
				t.Errorf("%q does not mention %q", fault.UserMessage(err), want)
			}
		}
		if n := e.srv.CountRequests("POST **") + e.srv.CountRequests("PATCH **"); n != 0 {
			t.Errorf("%d writes after a conflict", n)
		}
		if diff := cmp.Diff([]string{"main"}, e.srv.Branches(gitops)); diff != "" {
			t.Errorf("branches (-want +got):\n%s", diff)
		}
	})
}
