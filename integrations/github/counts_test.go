package github_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

// TestRequestCounts pins how many GitHub API requests a promotion and a
// rollback cost, so that a regression shows; README.md's Performance
// table reports these numbers.
func TestRequestCounts(t *testing.T) {
	ctx := context.Background()
	t.Run("OKPromotion", func(t *testing.T) {
		// One service, one file, version taken from staging: plan to open,
		// labelled pull request.
		e := newEnv(t)
		e.open(t, "p42", apiProd)
		want := []string{
			"GET /repos/acme/gitops/commits/main 200",                                  // Head: SHA and tree
			"GET /repos/acme/gitops/contents/environments/staging/api/config.yaml 200", // Plan: the version staging runs
			"GET /repos/acme/gitops/contents/environments/production/api/config.yaml 200",
			"POST /repos/acme/gitops/git/trees 201",   // base tree + the file inline
			"POST /repos/acme/gitops/git/commits 201", // one commit on the head
			"POST /repos/acme/gitops/git/refs 201",    // the branch
			"POST /repos/acme/gitops/pulls 201",
			"POST /repos/acme/gitops/issues/1/labels 200",
		}
		if diff := cmp.Diff(readsSorted(want), readsSorted(e.requests())); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
	t.Run("OKPromotionExplicitVersion", func(t *testing.T) {
		e := newEnv(t)
		e.open(t, "p42", deploy.PlanRequest{Service: "api", Version: "9.1.1", Env: "production"})
		if n := len(e.requests()); n != 7 {
			t.Errorf("%d requests, want 7:\n%s", n, strings.Join(e.requests(), "\n"))
		}
	})
	t.Run("OKPromotionWithChangelog", func(t *testing.T) {
		// The pull request body's original PR and changelog come from the
		// app repo: one compare and one commit-to-PR lookup.
		e := newEnv(t)
		seedAppRepo(t, e)
		e.srv.ResetRequests()
		pm := e.plan(t, "p42", apiProd)
		cl, err := e.c.Compare(ctx, appRepo, "v9.1.0", "v9.1.1", deploy.ChangelogShown)
		must(t, err)
		origin, err := e.c.OriginPR(ctx, appRepo, cl.Commits[0].SHA)
		must(t, err)
		pm.req.Body = deploy.PromotionBody(deploy.PRBodyInput{Promotion: pm.p, Plan: pm.plan, Origin: origin, Changelog: &cl, SourceRepo: appRepo})
		_, err = e.c.OpenChange(ctx, pm.req)
		must(t, err)
		if n := len(e.requests()); n != 10 {
			t.Errorf("%d requests, want 10:\n%s", n, strings.Join(e.requests(), "\n"))
		}
		if !strings.Contains(pm.req.Body, "[acme/api#3]") || !strings.Contains(pm.req.Body, "(4 commits)") {
			t.Errorf("body lacks the origin or the changelog:\n%s", pm.req.Body)
		}
	})
	t.Run("OKRollback", func(t *testing.T) {
		e := newEnv(t)
		pm, pr := e.open(t, "p42", apiProd)
		mergeSHA, err := e.c.Merge(ctx, pr, "")
		must(t, err)
		e.srv.ResetRequests()
		_, rb := e.rollback(t, pm, pr, mergeSHA)
		_, err = e.c.Merge(ctx, rb, "")
		must(t, err)
		want := []string{
			"GET /repos/acme/gitops/commits/main 200",                                     // Head: SHA and tree
			"GET /repos/acme/gitops/git/commits/" + mergeSHA + " 200",                     // Parent of the promotion's merge
			"GET /repos/acme/gitops/contents/environments/production/api/config.yaml 200", // before the promotion
			"GET /repos/acme/gitops/contents/environments/production/api/config.yaml 200", // now
			"GET /repos/acme/gitops/contents/environments/production/api/config.yaml 200", // as merged: unchanged since?
			"POST /repos/acme/gitops/git/trees 201",
			"POST /repos/acme/gitops/git/commits 201",
			"POST /repos/acme/gitops/git/refs 201",
			"POST /repos/acme/gitops/pulls 201",
			"POST /repos/acme/gitops/issues/2/labels 200",
			"PUT /repos/acme/gitops/pulls/2/merge 200", // when policy lets the bot merge
		}
		if diff := cmp.Diff(readsSorted(want), readsSorted(e.requests())); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
}

// seedAppRepo makes acme/api with three merged pull requests: v9.1.0 is the
// first one's merge, v9.1.1 the third's.
func seedAppRepo(t *testing.T, e *testEnv) {
	t.Helper()
	must(t, e.srv.AddRepo(appRepo, "main", map[string][]byte{"main.go": []byte("package main\n")}))
	prs := []struct{ title, author, file string }{
		{"Add login", "li", "login.go"}, {"Fix token refresh (#1)", "li", "token.go"}, {"Release v9.1.1", "ops-bot", "VERSION"}}
	for i, p := range prs {
		_, sha, err := e.srv.AddMergedPR(appRepo, p.title, p.author, map[string][]byte{p.file: []byte(p.title + "\n")})
		must(t, err)
		switch i {
		case 0:
			_, err = e.srv.Tag(appRepo, "v9.1.0", sha)
		case 2:
			_, err = e.srv.Tag(appRepo, "v9.1.1", sha)
		}
		must(t, err)
	}
}

// readsSorted returns requests with the reads (GETs) sorted among
// themselves and put first, and the writes kept in their order: reads may
// be answered in either order (the request log records them as they
// finish), while the writes of one promotion are strictly sequential.
func readsSorted(requests []string) []string {
	var reads, writes []string
	for _, r := range requests {
		if strings.HasPrefix(r, "GET ") {
			reads = append(reads, r)
		} else {
			writes = append(writes, r)
		}
	}
	slices.Sort(reads)
	return append(reads, writes...)
}
