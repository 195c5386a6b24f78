package main

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/store"
)

// ciBot is the CI pipeline's identity. Promoters and approvers are Slack
// IDs, so a pipeline allowed into production is listed by an ID-shaped
// name; pipelineWorld adds it to production's promoters.
const ciBot = "U0CIBOT"

// pipelineWatch is production's watch window in these tests.
const pipelineWatch = 6 * time.Second

// pipeline is one world for the pipeline commands: the stand-ins and the
// environment a CI job would give deploybot.
type pipeline struct {
	t  *testing.T
	si *standins.StandIns
	// cfg is the stand-ins' deploybot.yaml with ciBot among production's
	// promoters.
	cfg string
}

// newPipeline starts the stand-ins with compressed timings; they stop at
// the end of the test.
func newPipeline(t *testing.T) *pipeline {
	t.Helper()
	if testing.Short() {
		t.Skip("pipeline: starts the stand-ins")
	}
	t.Parallel()
	si, err := standins.Start(context.Background(), standins.Options{Dir: t.TempDir(), Watch: pipelineWatch})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(si.Close)
	data, err := os.ReadFile(si.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	const from = "promoters: [U0MARIA]"
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %q to add %s to", si.ConfigPath, from, ciBot)
	}
	data = bytes.Replace(data, []byte(from), []byte("promoters: [U0MARIA, "+ciBot+"]"), 1)
	// Staging's watch window would otherwise be the default 30m.
	data = bytes.Replace(data, []byte("aliases: [stg]"), []byte("aliases: [stg]\n    watch: 6s"), 1)
	if err := os.WriteFile(si.ConfigPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return &pipeline{t: t, si: si, cfg: si.ConfigPath}
}

// getenv returns the stand-ins' tokens under the variables deploybot reads.
func (p *pipeline) getenv(name string) string {
	s := p.si.Secrets
	switch name {
	case deploy.EnvSlackAppToken:
		return s.SlackAppToken.Reveal()
	case deploy.EnvSlackBotToken:
		return s.SlackBotToken.Reveal()
	case deploy.EnvGitHubToken:
		return s.GitHubToken.Reveal()
	case deploy.EnvArgoCDAuthToken:
		return s.ArgoCDAuthToken.Reveal()
	}
	return ""
}

// run runs the command line with ctx bounded by limit, the config flag
// added after the subcommand.
func (p *pipeline) run(limit time.Duration, sub string, args ...string) result {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var out, errOut syncBuffer
	err := run(ctx, append([]string{sub, "--config", p.cfg}, args...), p.getenv, &out, &errOut)
	return result{code: exitCode(err), stdout: out.String(), stderr: errOut.String()}
}

// prs returns the GitOps repository's pull requests.
func (p *pipeline) prs() []githubfake.PullRequest { return p.si.GitHub.PRs(standins.GitOpsRepo) }

// openPRs returns the open pull requests.
func (p *pipeline) openPRs() []githubfake.PullRequest {
	var open []githubfake.PullRequest
	for _, pr := range p.prs() {
		if pr.State == "open" {
			open = append(open, pr)
		}
	}
	return open
}

func TestPipelinePromoteOpensPR(t *testing.T) {
	p := newPipeline(t)
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--requester", ciBot, "--reason", "release train")
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
	again := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--requester", ciBot)
	if again.code == 0 || len(p.prs()) != 1 {
		t.Errorf("second promote: exit %d with %d PRs; want non-zero and still one PR\nstderr:\n%s", again.code, len(p.prs()), again.stderr)
	}
}

func TestPipelineNameNotAPromoter(t *testing.T) {
	p := newPipeline(t)
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--requester", "ci-bot")
	r.want(t, 2, nil, []string{"can't promote to production"})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after a refused promote, want 0", n)
	}
}

func TestPipelineWaitStagingHealthy(t *testing.T) {
	p := newPipeline(t)
	r := p.run(15*time.Second, "promote", "web", "3.2", "staging", "--requester", "ci-bot", "--wait", "--interval", "100ms")
	r.want(t, 0, []string{"web 3.1 → 3.2 in staging", "pull request: ", string(deploy.StateSucceeded)}, nil)
	if pr := p.prs(); len(pr) != 1 || !pr[0].Merged {
		t.Errorf("pull requests %+v, want one, merged", pr)
	}
}

func TestPipelineWaitStagingDegraded(t *testing.T) {
	p := newPipeline(t)
	if err := p.si.Argo.Script("web-staging", argocdfake.Script{Outcome: argocdfake.OutcomeDegraded,
		After: 300 * time.Millisecond, Message: "CrashLoopBackOff"}); err != nil {
		t.Fatal(err)
	}
	r := p.run(15*time.Second, "promote", "web", "3.2", "staging", "--requester", "ci-bot", "--wait", "--interval", "100ms")
	r.want(t, 1, []string{"pull request: "}, []string{"ended"})
	if strings.Contains(r.stdout, string(deploy.StateSucceeded)) {
		t.Errorf("stdout says succeeded:\n%s", r.stdout)
	}
}

// TestPipelineWaitApprovalTimesOut: production needs an approval that no
// one gives; --wait stops when its context does.
func TestPipelineWaitApprovalTimesOut(t *testing.T) {
	p := newPipeline(t)
	start := time.Now()
	r := p.run(2*time.Second, "promote", "web", "3.1", "prod", "--requester", ciBot, "--wait", "--interval", "100ms")
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("promote --wait took %s after its 2s context ended", took)
	}
	r.want(t, 1, []string{"pull request: ", string(deploy.StatePROpen)}, []string{"stopped waiting for promotion", "still pr_open", "context deadline exceeded"})
	if len(p.openPRs()) != 1 {
		t.Errorf("pull requests %+v, want one still open", p.prs())
	}
}

// TestPipelineWaitThenRollback: a production promotion approved by a
// person merging on GitHub is followed to success by --wait; rollback then
// opens the revert PR and merges it at once.
func TestPipelineWaitThenRollback(t *testing.T) {
	p := newPipeline(t)
	done := make(chan result, 1)
	go func() {
		done <- p.run(18*time.Second, "promote", "web", "3.1", "prod", "--requester", ciBot, "--wait", "--interval", "100ms")
	}()
	var pr githubfake.PullRequest
	if err := within(context.Background(), "the promotion PR", 8*time.Second, func() bool {
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

	rb := p.run(10*time.Second, "rollback", "web", "prod", "--requester", ciBot, "--reason", "errors up")
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
	again := p.run(10*time.Second, "promote", "web", "3.1", "prod", "--requester", ciBot)
	if again.code == 0 {
		t.Errorf("promoting the rolled-back version without --force succeeded:\n%s", again.stdout)
	}
}

func TestPipelineStoreHeld(t *testing.T) {
	p := newPipeline(t)
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--requester", ciBot)
	r.want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests while the store is held, want 0", n)
	}
	rb := p.run(10*time.Second, "rollback", "api", "prod", "--requester", ciBot)
	rb.want(t, 3, nil, []string{"another deploybot", "holds"})
}

func TestPipelineGateBlocked(t *testing.T) {
	p := newPipeline(t)
	r := p.run(10*time.Second, "promote", "web", "3.9", "prod", "--requester", ciBot)
	r.want(t, 2, nil, []string{"3.9", "staging"})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after a blocked promote, want 0", n)
	}
	rb := p.run(10*time.Second, "rollback", "api", "prod", "--requester", ciBot)
	if rb.code == 0 {
		t.Errorf("rollback with nothing to roll back exited 0:\n%s", rb.stdout)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
