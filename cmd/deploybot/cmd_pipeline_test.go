package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
	"github.com/deploybot/deploybot/store"
)

// The pipelines' automation tokens. ci may promote to production (it is
// among production's promoters); nightly may act in production by its
// environments but is not a promoter there.
const (
	ciToken      = "ci-pipeline-token-0123456789abcdef"
	nightlyToken = "nightly-token-0123456789abcdef"
	ciBot        = config.AutomationPrefix + "ci"
)

// pipelineWatch is production's watch window in these tests.
const pipelineWatch = 6 * time.Second

// pipeline is one world for the pipeline commands: the stand-ins and the
// environment a CI job would give deploybot, and a serve when started.
type pipeline struct {
	t  *testing.T
	si *standins.StandIns
	// cfg is the stand-ins' deploybot.yaml with the automations ci and
	// nightly, and ci among production's promoters.
	cfg string
	// token is what DEPLOYBOT_TOKEN holds; ciToken unless a test changes it.
	token string
	d     *testdrive.Drive // nil until serve starts
}

// newPipeline starts the stand-ins with compressed timings; they stop at
// the end of the test.
func newPipeline(t *testing.T) *pipeline {
	t.Helper()
	if testing.Short() {
		t.Skip("pipeline: starts the stand-ins")
	}
	t.Parallel()
	dir := t.TempDir()
	si, err := standins.Start(context.Background(), standins.Options{Dir: dir, Watch: pipelineWatch,
		GitHubCheck: openapicheck.Check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { si.GitHub.ReportViolations(t) })
	t.Cleanup(si.Close)
	data, err := os.ReadFile(si.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	const from = "promoters: [U0MARIA]"
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %q to add %s to", si.ConfigPath, from, ciBot)
	}
	data = bytes.Replace(data, []byte(from), []byte(`promoters: [U0MARIA, "`+ciBot+`"]`), 1)
	// Staging's watch window would otherwise be the default 30m.
	data = bytes.Replace(data, []byte("aliases: [stg]"), []byte("aliases: [stg]\n    watch: 6s"), 1)
	data = append(data, []byte(fmt.Sprintf("automation:\n"+
		"  - {name: ci, token: {file: %q}, environments: [staging, production]}\n"+
		"  - {name: nightly, token: {file: %q}, environments: [staging, production]}\n",
		writeToken(t, dir, "ci.token", ciToken), writeToken(t, dir, "nightly.token", nightlyToken)))...)
	if err := os.WriteFile(si.ConfigPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if si.Config, err = config.Load(si.ConfigPath); err != nil {
		t.Fatal(err)
	}
	return &pipeline{t: t, si: si, cfg: si.ConfigPath, token: ciToken}
}

// writeToken writes a token file and returns its path.
func writeToken(t *testing.T, dir, name, token string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serve starts the real serve on the stand-ins; it stops at the end of
// the test.
func (p *pipeline) serve() {
	p.t.Helper()
	logs := &syncBuffer{}
	p.d = &testdrive.Drive{SI: p.si, Logger: slog.New(slog.NewTextHandler(logs, nil)), Tick: 100 * time.Millisecond}
	if err := p.d.Start(context.Background()); err != nil {
		p.t.Fatalf("%v\nserve's log:\n%s", err, logs.String())
	}
	p.t.Cleanup(func() {
		if err := p.d.Stop(); err != nil {
			p.t.Errorf("serve: %v", err)
		}
		if p.t.Failed() {
			p.t.Logf("serve's log:\n%s", logs.String())
		}
	})
}

// getenv returns the stand-ins' tokens under the variables deploybot
// reads, and p.token as DEPLOYBOT_TOKEN.
func (p *pipeline) getenv(name string) string {
	s := p.si.Secrets
	switch name {
	case localapi.EnvToken:
		return p.token
	case config.EnvSlackAppToken:
		return s.SlackAppToken.Reveal()
	case config.EnvSlackBotToken:
		return s.SlackBotToken.Reveal()
	case config.EnvGitHubToken:
		return s.GitHubToken.Reveal()
	case config.EnvArgoCDAuthToken:
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

// api returns a client of the running serve's local API with token.
func (p *pipeline) api(token string) *localapi.Client {
	return localapi.NewClient(localapi.ClientOptions{Socket: store.SocketPath(p.si.StorePath), Token: config.NewSecret(token)})
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

func TestPipelineStoreHeld(t *testing.T) {
	p := newPipeline(t)
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod")
	r.want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests while the store is held, want 0", n)
	}
	rb := p.run(10*time.Second, "rollback", "api", "prod")
	rb.want(t, 3, nil, []string{"another deploybot", "holds"})
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

func itoa(n int) string { return strconv.Itoa(n) }

// TestPipelineWhileServeHoldsTheStore: every command works while serve
// runs and holds the store, through its local API.
func TestPipelineWhileServeHoldsTheStore(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	r := p.run(10*time.Second, "promote", "api", "v9.1.1", "prod", "--reason", "release train")
	r.want(t, 0, []string{"api v9.1.0 → v9.1.1 in production", "/acme/gitops/pull/"}, nil)
	if n := len(p.openPRs()); n != 1 {
		t.Fatalf("%d open pull requests, want 1", n)
	}
	p.run(5*time.Second, "history", "api", "prod").want(t, 0, []string{"api", "production", ciBot, "release train"}, nil)
	p.run(5*time.Second, "status").want(t, 0, []string{"service", "staging", "production", "v9.1.1", "In flight:", "api v9.1.0 → v9.1.1 in production: pr_open (requested by " + ciBot + ")"}, nil)
	out := filepath.Join(t.TempDir(), "backup.db")
	p.run(5*time.Second, "backup", out).want(t, 0, []string{"backed up", out}, nil)
	b, err := store.Open(store.Options{Path: out, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ps, err := b.ActivePromotions(); err != nil || len(ps) != 1 {
		t.Errorf("the backup's promotions in flight: %v, %v; want the api promotion", ps, err)
	}
	p.run(10*time.Second, "rollback", "web", "prod").want(t, 2, nil, []string{"no deployed promotion of web in production"})
}

// TestPipelineAutomationNeverApproves: the pipeline's automation token
// cannot approve the promotion it requested, nor can another automation:
// whoever holds both tokens still cannot merge without a person.
func TestPipelineAutomationNeverApproves(t *testing.T) {
	p := newPipeline(t)
	p.serve()
	ctx := context.Background()
	pr, err := p.api(ciToken).Promote(ctx, localapi.PromoteRequest{Service: "web", Version: "3.1", Env: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Requester != ciBot {
		t.Errorf("requester %q, want %q", pr.Requester, ciBot)
	}
	for _, token := range []string{ciToken, nightlyToken} {
		_, err := p.api(token).Approve(ctx, pr.ID)
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !strings.Contains(err.Error(), "can never approve") {
			t.Errorf("approve with an automation token: %v, want unauthorised: can never approve", err)
		}
	}
	got, err := p.api("").Promotion(ctx, pr.ID)
	if err != nil || got.State != deploy.StatePROpen || len(got.Approvals) != 0 {
		t.Errorf("promotion after the refused approvals: %s with %d approvals (%v); want pr_open, none", got.State, len(got.Approvals), err)
	}
	if open := p.openPRs(); len(open) != 1 || open[0].Merged {
		t.Errorf("pull requests %+v, want one, open", open)
	}
}

// TestPipelineTokens: without a valid token nothing is requested, with
// and without serve; --requester is gone.
func TestPipelineTokens(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name  string
		token string
		msg   string
	}{
		{"ErrWrongToken", "not-a-token-0123456789", "GitHub does not accept the token"},
		// Without DEPLOYBOT_TOKEN, GITHUB_TOKEN is taken as a person's
		// token; here it is the bot's own.
		{"ErrBotToken", "", "a bot, not a person"},
	}
	for _, serve := range []bool{false, true} {
		if serve {
			p.serve()
		}
		for _, tt := range tests {
			p.token = tt.token
			r := p.run(10*time.Second, "promote", "web", "3.2", "staging")
			r.want(t, 2, nil, []string{tt.msg})
			rb := p.run(10*time.Second, "rollback", "web", "staging")
			rb.want(t, 2, nil, []string{tt.msg})
		}
		p.token = ciToken
		p.run(5*time.Second, "promote", "web", "3.2", "staging", "--requester", "U0SAM").
			want(t, 2, nil, []string{"--requester is gone", "DEPLOYBOT_TOKEN"})
	}
	if n := len(p.prs()); n != 0 {
		t.Errorf("%d pull requests after refused requests, want 0", n)
	}
}

// TestPipelineWaitDoesNotBlockServe: promote --wait without a serve
// follows the store read-only between reads, so serve starts meanwhile,
// moves the promotion on, and --wait sees it through serve's API.
func TestPipelineWaitDoesNotBlockServe(t *testing.T) {
	p := newPipeline(t)
	done := make(chan result, 1)
	go func() {
		done <- p.run(25*time.Second, "promote", "web", "3.2", "staging", "--wait", "--interval", "100ms")
	}()
	if err := testdrive.Within(context.Background(), "the promotion PR", 8*time.Second, func() bool { return len(p.openPRs()) == 1 }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // --wait is reading now
	p.serve()
	r := <-done
	r.want(t, 0, []string{"web 3.1 → 3.2 in staging", string(deploy.StateSucceeded)}, []string{"no deploybot serve runs"})
}

// TestPipelineServeDown: a socket left by a serve that died is not a
// serve: the command opens the store itself, or, when another process
// holds the store, says so with exit 3.
func TestPipelineServeDown(t *testing.T) {
	p := newPipeline(t)
	sock := store.SocketPath(p.si.StorePath)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, "promote", "web", "3.2", "staging").want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	p.run(10*time.Second, "history").want(t, 3, nil, []string{"another deploybot", "holds"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, "promote", "web", "3.2", "staging").want(t, 0, []string{"web 3.1 → 3.2 in staging", "pull request: "}, nil)
}
