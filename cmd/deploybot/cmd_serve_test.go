package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/store"
)

// Token-shaped values the startup tests set; none may appear in output.
const (
	testAppToken    = "xapp-1-A0FAKE-1234-secretapptoken"
	testBotToken    = "xoxb-1234-5678-secretbottoken"
	testGitHubToken = "ghp_secretgithubtoken0123456789abcdef"
	testArgoToken   = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3lib3QifQ.secretargosignature"
)

// runServeCLI runs serve with env as the process environment.
func runServeCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"serve"}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return result{code: exitCode(err), stdout: out.String(), stderr: errOut.String()}
}

func goodEnv() map[string]string {
	return map[string]string{"SLACK_APP_TOKEN": testAppToken, "SLACK_BOT_TOKEN": testBotToken,
		"GITHUB_TOKEN": testGitHubToken, "ARGOCD_AUTH_TOKEN": testArgoToken}
}

// noSecrets fails when out holds any of the test tokens.
func noSecrets(t *testing.T, out string) {
	t.Helper()
	for _, tok := range []string{testAppToken, testBotToken, testGitHubToken, testArgoToken, "secret"} {
		if strings.Contains(out, tok) {
			t.Errorf("output holds the secret %q:\n%s", tok, out)
		}
	}
}

func TestServeStartupProblems(t *testing.T) {
	t.Run("ErrNoConfigFlag", func(t *testing.T) {
		runServeCLI(t, nil).want(t, 2, nil, []string{"--config is required"})
	})
	t.Run("ErrEveryProblem", func(t *testing.T) {
		r := runServeCLI(t, nil, "--config", "../../testdata/config/bad.yaml")
		r.want(t, 2, nil, []string{"serve cannot start", "bad.yaml: line ",
			"SLACK_APP_TOKEN is not set", "SLACK_BOT_TOKEN is not set", "GITHUB_TOKEN is not set", "ARGOCD_AUTH_TOKEN is not set"})
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		r := runServeCLI(t, goodEnv(), "--config", "nope.yaml")
		r.want(t, 2, nil, []string{"serve cannot start; 1 problem(s)", "cannot read the config file"})
	})
	t.Run("ErrMalformedTokens", func(t *testing.T) {
		cfg, _ := writeConfig(t, t.TempDir())
		env := goodEnv()
		env["SLACK_APP_TOKEN"] = testBotToken // the bot token in the app token's place
		env["ARGOCD_AUTH_TOKEN"] = "not-a-jwt-secret"
		delete(env, "SLACK_BOT_TOKEN")
		r := runServeCLI(t, env, "--config", cfg)
		r.want(t, 2, nil, []string{"3 problem(s)", "SLACK_APP_TOKEN holds a bot token (xoxb-)",
			"ARGOCD_AUTH_TOKEN does not hold an Argo CD auth token", "SLACK_BOT_TOKEN is not set"})
		noSecrets(t, r.stderr)
	})
	t.Run("ErrStoreLocked", func(t *testing.T) {
		cfg, storePath := writeConfig(t, t.TempDir())
		s, err := store.Open(store.Options{Path: storePath})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		r := runServeCLI(t, goodEnv(), "--config", cfg)
		r.want(t, 2, nil, []string{"serve cannot start; 1 problem(s)", storePath})
		noSecrets(t, r.stderr)
	})
	t.Run("ErrLogFormat", func(t *testing.T) {
		runServeCLI(t, goodEnv(), "--config", "x.yaml", "--log-format", "xml").want(t, 2, nil, []string{"--log-format \"xml\": use json or text"})
	})
}
