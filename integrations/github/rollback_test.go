package github_test

import (
	"context"
	"io/fs"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

// rollback opens the rollback of promotion pm, merged as mergeSHA, on the
// current head, as the engine does: RevertFiles, then OpenChange.
func (e *testEnv) rollback(t *testing.T, pm promotion, pr deploy.PullRequest, mergeSHA string) (deploy.ChangeRequest, deploy.PullRequest) {
	t.Helper()
	ctx := context.Background()
	head, err := e.c.Head(ctx)
	must(t, err)
	var paths []string
	for _, f := range pm.plan.Files {
		paths = append(paths, f.Path)
	}
	files, err := deploy.RevertFiles(ctx, e.c, mergeSHA, head, paths)
	must(t, err)
	of := pm.p
	of.PR, of.MergeSHA = pr, mergeSHA
	rb := deploy.Promotion{ID: "p43", Kind: deploy.KindRollback, Service: of.Service, Env: of.Env, Version: of.PreviousVersion,
		PreviousVersion: of.Version, Requester: "U0123ABCD", Reason: "Degraded after merge", RollbackOf: of.ID}
	title := deploy.RollbackTitle(rb)
	req := deploy.ChangeRequest{Branch: deploy.PromotionBranch(rb), BaseSHA: head, Files: files, Message: title, Title: title,
		Labels: pm.req.Labels, Body: deploy.RollbackBody(deploy.RollbackBodyInput{Rollback: rb, Of: of, Files: files, RepoURL: e.c.RepoURL()})}
	got, err := e.c.OpenChange(ctx, req)
	must(t, err)
	return req, got
}

// TestRollback promotes and merges, lets someone push an unrelated change,
// then rolls back: every file must be byte-for-byte what it was before the
// promotion, and the unrelated change must survive.
func TestRollback(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	pm, pr := e.open(t, "p42", apiProd)
	mergeSHA, err := e.c.Merge(ctx, pr, "")
	must(t, err)
	billing := []byte("service:\n  chartTag: billing-v2.0.9\n")
	_, err = e.srv.PushCommit(gitops, "main", "sam", "bump billing", map[string][]byte{prodBill: billing})
	must(t, err)

	req, rbPR := e.rollback(t, pm, pr, mergeSHA)
	if rbPR.Title != "rollback(production): api v9.1.1 → v9.1.0" || rbPR.Branch != "deploybot/production/rollback-api-v9.1.0-p43" {
		t.Errorf("rollback pull request = %+v", rbPR)
	}
	if diff := cmp.Diff([]string{prodAPI}, changedPaths(t, e.srv, rbPR.HeadSHA)); diff != "" {
		t.Errorf("files of the rollback commit (-want +got):\n%s", diff)
	}
	rbMerge, err := e.c.Merge(ctx, rbPR, "")
	must(t, err)
	if e.srv.Head(gitops, "main") != rbMerge {
		t.Fatalf("main is not at the rollback's merge")
	}
	root := os.DirFS(layoutDir + "/repo")
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, err := fs.ReadFile(root, p)
		must(t, err)
		if p == prodBill {
			want = billing
		}
		if got, err := e.srv.File(gitops, "main", p); err != nil || string(got) != string(want) {
			t.Errorf("%s after the rollback = %q, %v; want %q", p, got, err, want)
		}
		return nil
	})
	must(t, err)
	snap, err := e.srv.PR(gitops, rbPR.Number)
	must(t, err)
	if snap.Body != req.Body || !cmp.Equal(snap.Labels, []string{"requires-review", "promotion"}) {
		t.Errorf("rollback pull request body or labels differ: %q", snap.Labels)
	}
}
