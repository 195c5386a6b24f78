package main

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// The pipeline commands' tests: promote --wait and rollback, with serve running.

func TestPipelineWaitStagingHealthy(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	r := p.run(15*time.Second, "promote", "web", "3.2", "staging", "--wait", "--interval", "100ms")
	r.want(t, 0, []string{"web 3.1 → 3.2 in staging", "pull request: ", string(deploy.StateSucceeded)}, nil)
	if pr := p.prs(); len(pr) != 1 || !pr[0].Merged {
		t.Errorf("pull requests %+v, want one, merged", pr)
	}
}

func TestPipelineWaitStagingDegraded(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	if err := p.si.Argo.Script("web-staging", argocdfake.Script{Outcome: argocdfake.OutcomeDegraded,
		After: 300 * time.Millisecond, Message: "CrashLoopBackOff"}); err != nil {
		t.Fatal(err)
	}
	r := p.run(15*time.Second, "promote", "web", "3.2", "staging", "--wait", "--interval", "100ms")
	r.want(t, 1, []string{"pull request: "}, []string{"ended"})
	if strings.Contains(r.stdout, string(deploy.StateSucceeded)) {
		t.Errorf("stdout says succeeded:\n%s", r.stdout)
	}
}

// TestPipelineWaitApprovalTimesOut: production needs an approval that no
// one gives; --wait stops when its context does.
func TestPipelineWaitApprovalTimesOut(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	start := time.Now()
	r := p.run(2*time.Second, "promote", "web", "3.1", "prod", "--wait", "--interval", "100ms")
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("promote --wait took %s after its 2s context ended", took)
	}
	r.want(t, 1, []string{"pull request: ", string(deploy.StatePROpen)}, []string{"stopped waiting for promotion", "still pr_open", "context deadline exceeded"})
	if len(p.openPRs()) != 1 {
		t.Errorf("pull requests %+v, want one still open", p.prs())
	}
}

// TestPipelineWaitThenRollback: with serve running, a production
// promotion approved by a person merging on GitHub is followed to success
// by --wait; rollback then opens the revert PR and merges it at once.
func TestPipelineWaitThenRollback(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	done := make(chan result, 1)
	go func() {
		done <- p.run(18*time.Second, "promote", "web", "3.1", "prod", "--wait", "--interval", "100ms")
	}()
	var pr githubfake.PullRequest
	if err := testdrive.Within(context.Background(), "the promotion PR", 8*time.Second, func() bool {
		open := p.openPRs()
		if len(open) == 1 {
			pr = open[0]
		}
		return len(open) == 1
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.si.GitHub.MergePR(standins.GitOpsRepo, pr.Number, "sam"); err != nil {
		t.Fatal(err)
	}
	r := <-done
	r.want(t, 0, []string{"web 3.0 → 3.1 in production", string(deploy.StateSucceeded)}, nil)
	if t.Failed() {
		return
	}

	rb := p.run(10*time.Second, "rollback", "web", "prod", "--reason", "errors up")
	rb.want(t, 0, []string{"rollback ", "web 3.1 → 3.0 in production", "pull request: "}, nil)
	prs := p.prs()
	if len(prs) != 2 {
		t.Fatalf("pull requests %+v, want the promotion and the revert", prs)
	}
	revert := prs[1]
	if revert.Number == pr.Number {
		revert = prs[0]
	}
	if !revert.Merged {
		t.Errorf("revert PR #%d not merged; production's rollback needs no approval", revert.Number)
	}
	if !strings.Contains(rb.stdout, "/pull/"+itoa(revert.Number)) {
		t.Errorf("rollback printed no link to #%d:\n%s", revert.Number, rb.stdout)
	}
	if got, _ := p.si.GitHub.File(standins.GitOpsRepo, "main", "apps/web/overlays/production/kustomization.yaml"); !bytes.Contains(got, []byte(`"3.0"`)) {
		t.Errorf("production web after the rollback:\n%s", got)
	}

	h := p.run(5*time.Second, "history", "web", "prod")
	h.want(t, 0, []string{string(deploy.StateSucceeded), "errors up"}, nil)

	// The rolled-back version needs --force.
	again := p.run(10*time.Second, "promote", "web", "3.1", "prod")
	if again.code == 0 {
		t.Errorf("promoting the rolled-back version without --force succeeded:\n%s", again.stdout)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
