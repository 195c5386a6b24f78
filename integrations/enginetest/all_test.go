package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

const (
	billingProd = "environments/production/billing/config.yaml"
	billingStg  = "environments/staging/billing/config.yaml"
)

// allWorld is a world where promoting all to production moves api
// (v9.1.0 → v9.1.1) and billing (v2.0.2 → v2.0.3), both validated in
// staging, while reports already runs in production what staging runs
// (so it has no Argo CD app here: nothing may need one).
func allWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t, nil)
	ctx := context.Background()
	must(t, w.argo.AddApp(ctx, argocdfake.AppSpec{Name: "billing-staging", Repo: gitops, Paths: []string{billingStg}, Automated: true}))
	must(t, w.argo.AddApp(ctx, argocdfake.AppSpec{Name: "billing-production", Repo: gitops, Paths: []string{billingProd}}))
	same := map[string][]byte{}
	for _, f := range []string{"config.yaml", "cronjob.yaml"} {
		b, err := w.gh.File(gitops, "main", "environments/production/reports/"+f)
		must(t, err)
		same["environments/staging/reports/"+f] = b
	}
	_, err := w.gh.PushCommit(gitops, "main", "sam", "reports: staging back to 1.4.0", same)
	must(t, err)
	w.advance(11 * time.Minute) // staging soaked and compared at the new head
	return w
}

// requestAll asks for all services in production by maria.
func (w *world) requestAll() deploy.Promotion {
	w.t.Helper()
	p, err := w.eng.Request(context.Background(), deploy.Request{Service: "all", Env: "prod",
		Requester: deploy.Person{ID: maria}, Reason: "weekly release"})
	must(w.t, err)
	return p
}

func TestPromoteAll(t *testing.T) {
	w := allWorld(t)
	p := w.requestAll()
	if p.State != deploy.StatePROpen || p.Service != deploy.AllServices || p.PR.Number == 0 {
		t.Fatalf("after Request: %s %s PR #%d (%s)", p.State, p.Service, p.PR.Number, p.StateReason)
	}
	wantChanges := []deploy.ServiceChange{{Service: "api", From: "v9.1.0", To: "v9.1.1"}, {Service: "billing", From: "v2.0.2", To: "v2.0.3"}}
	if diff := cmp.Diff(wantChanges, p.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{prodFile, billingProd}, p.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if p.Evidence == nil || p.Evidence.Env != "staging" {
		t.Errorf("evidence = %+v, want staging's", p.Evidence)
	}
	if got := w.get(p.ID); !strings.Contains(got.PR.Title, "all services") {
		t.Errorf("PR title %q", got.PR.Title)
	}
	_, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam})
	must(t, err)
	p = w.runUntil(p.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
	if !contains(p.StateReason, "api-production") || !contains(p.StateReason, "billing-production") {
		t.Errorf("deployed reason %q should name both apps", p.StateReason)
	}
	p = w.runUntil(p.ID, time.Minute, 40*time.Minute, deploy.StateSucceeded)
	kinds, _ := w.notes.of(p.ID)
	want := []deploy.NoticeKind{deploy.NoticePlanned, deploy.NoticeApproved, deploy.NoticeMerged,
		deploy.NoticeSyncStarted, deploy.NoticeDeployed, deploy.NoticeWindowEnded}
	if diff := cmp.Diff(want, withoutProgress(kinds)); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	if line := w.notes.line(p.ID, deploy.NoticeSyncStarted); !contains(line, "api-production, billing-production") {
		t.Errorf("sync line %q should name both apps", line)
	}
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d PRs, want 1", n)
	}
	for _, app := range []string{"api-production", "billing-production"} {
		a, _ := w.argo.App(app)
		if got := a.Status.Sync.Revision; got != p.MergeSHA || a.Status.OperationState == nil {
			t.Errorf("%s at %s (operation %v), want synced to the merge %s", app, got, a.Status.OperationState != nil, p.MergeSHA)
		}
	}
	for file, tag := range map[string]string{prodFile: "api-v9.1.1", billingProd: "billing-v2.0.3"} {
		if got, _ := w.gh.File(gitops, "main", file); !contains(string(got), tag) {
			t.Errorf("%s after merge:\n%s", file, got)
		}
	}
}

func TestPromoteAllOneAppDegrades(t *testing.T) {
	w := allWorld(t)
	must(t, w.argo.Script("billing-production", argocdfake.Script{Outcome: argocdfake.OutcomeDegraded}))
	p := w.requestAll()
	_, err := w.eng.Approve(context.Background(), p.ID, deploy.Person{ID: sam})
	must(t, err)
	p = w.runUntil(p.ID, 10*time.Second, 10*time.Minute, deploy.StateFailed)
	if !contains(p.StateReason, "billing-production") || contains(p.StateReason, "api-production") {
		t.Errorf("reason %q should name billing-production, and only it", p.StateReason)
	}
	if p.Rollout == nil || p.Rollout.App != "billing-production" {
		t.Errorf("recorded rollout %+v, want billing-production's", p.Rollout)
	}

	rb, err := w.eng.Rollback(context.Background(), deploy.RollbackRequest{PromotionID: p.ID, Person: deploy.Person{ID: sam}, Reason: "billing crash loop"})
	must(t, err)
	if rb.State != deploy.StateMerged || rb.Service != deploy.AllServices {
		t.Fatalf("rollback: %s %s (%s)", rb.State, rb.Service, rb.StateReason)
	}
	wantBack := []deploy.ServiceChange{{Service: "api", From: "v9.1.1", To: "v9.1.0"}, {Service: "billing", From: "v2.0.3", To: "v2.0.2"}}
	if diff := cmp.Diff(wantBack, rb.Changes); diff != "" {
		t.Errorf("rollback changes (-want +got):\n%s", diff)
	}
	for file, tag := range map[string]string{prodFile: "api-v9.1.0", billingProd: "billing-v2.0.2"} {
		if got, _ := w.gh.File(gitops, "main", file); !contains(string(got), tag) {
			t.Errorf("%s after rollback:\n%s", file, got)
		}
	}
	w.runUntil(rb.ID, 10*time.Second, 5*time.Minute, deploy.StateWatching)
}

// line returns the thread line of the first notice of kind for
// promotion id.
func (r *recorder) line(id string, kind deploy.NoticeKind) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.notices {
		if n.Promotion.ID == id && n.Kind == kind {
			return n.Line
		}
	}
	return ""
}
