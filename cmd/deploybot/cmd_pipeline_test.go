package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
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
