package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/integrations/standins"
)

// The pipeline commands' tests: promote through GitHub without a serve: the pull request, history, the gates.

func TestPipelinePromoteOpensPR(t *testing.T) {
	p := newPipeline(t)
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--reason", "release train")
	open := p.openPRs()
	if len(open) != 1 || len(p.prs()) != 1 {
		t.Fatalf("pull requests %+v, want exactly one, open", p.prs())
	}
	r.want(t, 0, []string{"api v9.1.0 → v9.1.1 in production", "pull request: ", "/pull/"}, nil)
	if !strings.Contains(r.stdout, "/acme/gitops/pull/") {
		t.Errorf("stdout lacks the PR's URL:\n%s", r.stdout)
	}
	if pr := open[0]; pr.Merged || pr.Base != "main" {
		t.Errorf("PR #%d: merged %v, base %q; want open against main", pr.Number, pr.Merged, pr.Base)
	}
	if got, _ := p.si.GitHub.File(standins.GitOpsRepo, open[0].HeadSHA, "environments/production/api/config.yaml"); !bytes.Contains(got, []byte("api-v9.1.1")) {
		t.Errorf("the PR's head has production api at:\n%s", got)
	}

	// history lists the promotion's transitions, with who asked and why.
	h := p.run(5*time.Second, "history", "api", "prod")
	h.want(t, 0, []string{"api", "production", ciBot, "release train"}, nil)
	if n := strings.Count(h.stdout, "\n"); n < 2 {
		t.Errorf("history has %d line(s), want the header and the promotion's events:\n%s", n, h.stdout)
	}
	if other := p.run(5*time.Second, "history", "web", "prod"); strings.Contains(other.stdout, "api") {
		t.Errorf("history web prod shows api:\n%s", other.stdout)
	}

	// A second request for the same service and environment is told who holds it.
	again := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod")
	if again.code == 0 || len(p.prs()) != 1 {
		t.Errorf("second promote: exit %d with %d PRs; want non-zero and still one PR\nstderr:\n%s", again.code, len(p.prs()), again.stderr)
	}
}

func TestPipelineNameNotAPromoter(t *testing.T) {
	p := newPipeline(t)
	p.token = nightlyToken
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod")
	r.want(t, 2, nil, []string{"can't promote to production"})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after a refused promote, want 0", n)
	}
}

func TestPipelineGateBlocked(t *testing.T) {
	p := newPipeline(t)
	r := p.run(10*time.Second, "promote", "web", "3.9", "prod")
	r.want(t, 2, nil, []string{"3.9", "staging"})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after a blocked promote, want 0", n)
	}
	rb := p.run(10*time.Second, "rollback", "api", "prod")
	if rb.code == 0 {
		t.Errorf("rollback with nothing to roll back exited 0:\n%s", rb.stdout)
	}
}
