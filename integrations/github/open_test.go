package github_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gh "github.com/google/go-github/v60/github"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// apiProd is the layout's "one" case: api to production, the version
// taken from staging.
var apiProd = deploy.PlanRequest{Service: "api", Env: "prod"}

func TestOpenChange(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		pm, pr := e.open(t, "p42", apiProd)
		want, err := os.ReadFile(layoutDir + "/want/one/" + prodAPI)
		must(t, err)
		if got, err := e.srv.File(gitops, pr.Branch, prodAPI); err != nil || string(got) != string(want) {
			t.Errorf("%s on the branch = %q, %v; want %q", prodAPI, got, err, want)
		}
		commit, err := e.srv.Commit(gitops, pr.HeadSHA)
		must(t, err)
		if diff := cmp.Diff([]string{pm.req.BaseSHA}, commit.Parents); diff != "" {
			t.Errorf("one commit on the base (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{prodAPI}, changedPaths(t, e.srv, pr.HeadSHA)); diff != "" {
			t.Errorf("files of the commit (-want +got):\n%s", diff)
		}
		snap, err := e.srv.PR(gitops, pr.Number)
		must(t, err)
		got := githubfake.PullRequest{Number: snap.Number, Title: snap.Title, Body: snap.Body, State: snap.State,
			Author: snap.Author, Head: snap.Head, Base: snap.Base, HeadSHA: snap.HeadSHA, Labels: snap.Labels}
		wantPR := githubfake.PullRequest{Number: 1, Title: "promote(production): api v9.1.0 → v9.1.1", Body: pm.req.Body,
			State: "open", Author: "deploybot", Head: "deploybot/production/api-v9.1.1-p42", Base: "main",
			HeadSHA: pr.HeadSHA, Labels: []string{"requires-review", "promotion"}}
		if diff := cmp.Diff(wantPR, got); diff != "" {
			t.Errorf("pull request (-want +got):\n%s", diff)
		}
		wantRef := deploy.PullRequest{Number: 1, URL: e.srv.URL() + "/acme/gitops/pull/1", Branch: wantPR.Head,
			HeadSHA: pr.HeadSHA, Title: wantPR.Title}
		if diff := cmp.Diff(wantRef, pr); diff != "" {
			t.Errorf("OpenChange (-want +got):\n%s", diff)
		}
		if !strings.Contains(snap.Body, "<!-- deploybot:promotion=p42 -->") || commit.Message != wantPR.Title {
			t.Errorf("body lacks the marker or commit message %q is not the title", commit.Message)
		}
	})
	t.Run("OKReviewers", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		pm.req.Reviewers, pm.req.TeamReviewers = []string{"alice"}, []string{"platform"}
		pr, err := e.c.OpenChange(context.Background(), pm.req)
		must(t, err)
		snap, err := e.srv.PR(gitops, pr.Number)
		must(t, err)
		if diff := cmp.Diff([][]string{{"alice"}, {"platform"}}, [][]string{snap.RequestedReviewers, snap.RequestedTeams}); diff != "" {
			t.Errorf("reviewers (-want +got):\n%s", diff)
		}
	})
	t.Run("OKIdempotent", func(t *testing.T) {
		e := newEnv(t)
		pm, first := e.open(t, "p42", apiProd)
		e.srv.ResetRequests()
		again, err := e.c.OpenChange(context.Background(), pm.req)
		must(t, err)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("second OpenChange (-want +got):\n%s", diff)
		}
		wantReqs := []string{
			"POST /repos/acme/gitops/git/trees 201",
			"POST /repos/acme/gitops/git/commits 201",
			"POST /repos/acme/gitops/git/refs 422", // the branch exists: find its pull request
			"GET /repos/acme/gitops/pulls 200",
		}
		if diff := cmp.Diff(wantReqs, e.requests()); diff != "" {
			t.Errorf("requests of the second run (-want +got):\n%s", diff)
		}
		if n := len(e.srv.PRs(gitops)); n != 1 {
			t.Errorf("%d pull requests, want 1", n)
		}
	})
	t.Run("OKLabelsCompleted", func(t *testing.T) {
		e := newEnv(t)
		pm, pr := e.open(t, "p42", apiProd)
		bot := goGitHub(t, e.srv, botToken)
		_, err := bot.Issues.RemoveLabelForIssue(context.Background(), "acme", "gitops", pr.Number, "promotion")
		must(t, err)
		_, err = e.c.OpenChange(context.Background(), pm.req)
		must(t, err)
		if snap, _ := e.srv.PR(gitops, pr.Number); !cmp.Equal(snap.Labels, []string{"requires-review", "promotion"}) {
			t.Errorf("labels = %q, want both again", snap.Labels)
		}
	})
	t.Run("OKBranchWithoutPR", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		e.srv.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/pulls", Status: 422, Message: "Validation Failed"})
		e.srv.Inject(githubfake.Fault{Path: "DELETE /repos/acme/gitops/git/refs/**", Status: 500, Times: -1})
		if _, err := e.c.OpenChange(context.Background(), pm.req); err == nil {
			t.Fatal("OpenChange succeeded despite the refused pull request")
		}
		e.srv.ClearFaults() // the branch stayed behind: the next run adopts it
		pr, err := e.c.OpenChange(context.Background(), pm.req)
		must(t, err)
		if pr.Number != 1 || pr.Branch != pm.req.Branch {
			t.Errorf("OpenChange = %+v", pr)
		}
	})
	t.Run("ErrForeignBranch", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		_, err := e.srv.PushCommit(gitops, pm.req.Branch, "mallory", "something else", map[string][]byte{"x.txt": []byte("x")})
		must(t, err)
		_, err = e.c.OpenChange(context.Background(), pm.req)
		if fault.ErrorCode(err) != fault.CodeConflict || !strings.Contains(err.Error(), pm.req.Branch) {
			t.Fatalf("err = %v, want a conflict naming the branch", err)
		}
		if n := len(e.srv.PRs(gitops)); n != 0 {
			t.Errorf("%d pull requests opened on a foreign branch", n)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		e := newEnv(t)
		pm := e.plan(t, "p42", apiProd)
		bad := pm.req
		bad.Branch = "deploybot/../x"
		e.srv.ResetRequests()
		if _, err := e.c.OpenChange(context.Background(), bad); fault.ErrorCode(err) != fault.CodeInvalid {
			t.Errorf("err = %v, want invalid", err)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%d requests for an invalid change", n)
		}
	})
}

// TestOpenChangeHalfWay checks that a promotion failing after its branch
// was made leaves no branch (and no open pull request) behind.
func TestOpenChangeHalfWay(t *testing.T) {
	tests := []struct {
		name   string
		faults []githubfake.Fault
		code   fault.Code
	}{
		{"ErrPullRefused", []githubfake.Fault{{Path: "POST /repos/acme/gitops/pulls", Status: 422, Message: "Validation Failed"}}, fault.CodeInvalid},
		{"ErrPullServerError", []githubfake.Fault{{Path: "POST /repos/acme/gitops/pulls", Status: 500, Times: -1}}, fault.CodeUnavailable},
		{"ErrPullRateLimited", []githubfake.Fault{{Path: "POST /repos/acme/gitops/pulls", Status: 403, RetryAfter: time.Second, Times: -1}}, fault.CodeRateLimited},
		{"ErrLabelsForbidden", []githubfake.Fault{{Path: "POST /repos/acme/gitops/issues/*/labels", Status: 403, Message: "Resource not accessible by integration"}}, fault.CodeUnauthorised},
		{"ErrReviewerUnknown", []githubfake.Fault{{Path: "POST /repos/acme/gitops/pulls/*/requested_reviewers", Status: 422,
			Message: "Reviews may only be requested from collaborators."}}, fault.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			pm := e.plan(t, "p42", apiProd)
			pm.req.Reviewers = []string{"nobody"}
			for _, f := range tt.faults {
				e.srv.Inject(f)
			}
			_, err := e.c.OpenChange(context.Background(), pm.req)
			if fault.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v (%s), want %s", err, fault.ErrorCode(err), tt.code)
			}
			if diff := cmp.Diff([]string{"main"}, e.srv.Branches(gitops)); diff != "" {
				t.Errorf("branches (-want +got):\n%s", diff)
			}
			for _, p := range e.srv.PRs(gitops) {
				if p.State != "closed" {
					t.Errorf("pull request #%d left %s", p.Number, p.State)
				}
			}
		})
	}
}

// goGitHub returns a plain go-github client for the server, to play a
// person or inspect.
func goGitHub(t *testing.T, srv *githubfake.Server, token string) *gh.Client {
	t.Helper()
	c, err := gh.NewClient(srv.Client()).WithAuthToken(token).WithEnterpriseURLs(srv.URL()+"/", srv.URL()+"/")
	must(t, err)
	return c
}
