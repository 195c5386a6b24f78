package config

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// automationEnvs are two environments for the automation tests.
const automationEnvs = `
environments:
  - {name: staging, aliases: [stg]}
  - {name: production, aliases: [prod], after: staging, promoters: [U0MARIA, "automation:release"]}
`

func TestParseAutomation(t *testing.T) {
	cfg, err := Parse("deploybot.yaml", []byte(withDefaults(automationEnvs+`
automation:
  - {name: release, token: {env: RELEASE_TOKEN}, environments: [stg, production]}
  - name: nightly
    token: {file: /run/secrets/nightly}
    environments: [staging]
api: {listen: "127.0.0.1:8081"}
`)))
	if err != nil {
		t.Fatal(err)
	}
	want := []Automation{
		{Name: "release", Token: SecretRef{Env: "RELEASE_TOKEN"}, Environments: []string{"staging", "production"}},
		{Name: "nightly", Token: SecretRef{File: "/run/secrets/nightly"}, Environments: []string{"staging"}},
	}
	if diff := cmp.Diff(want, cfg.Automation); diff != "" {
		t.Errorf("automation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(APIConfig{Listen: "127.0.0.1:8081"}, cfg.API); diff != "" {
		t.Errorf("api (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"U0MARIA", "automation:release"}, cfg.Environments[1].Promoters); diff != "" {
		t.Errorf("promoters (-want +got):\n%s", diff)
	}
}

func TestParseRejectsAutomation(t *testing.T) {
	runRejectCases(t, []rejectCase{
		{name: "ErrTokenLiteral", yaml: "\nautomation:\n  - {name: ci, token: hunter2hunter2hunter2, environments: [staging]}",
			want: one("automation[0].token", 2, "is named like a secret; secrets never go in the config file")},
		{name: "ErrTokenBoth", yaml: "\nautomation:\n  - {name: ci, token: {env: CI_TOKEN, file: /x}, environments: [staging]}",
			want: one("automation[0].token", 2, "must name exactly one of env (an environment variable) or file (a path)")},
		{name: "ErrTokenEnvName", yaml: "\nautomation:\n  - {name: ci, token: {env: CI-TOKEN}, environments: [staging]}",
			want: one("automation[0].token.env", 2, `"CI-TOKEN" is not an environment variable name`)},
		{name: "ErrTokenMissing", yaml: "\nautomation:\n  - {name: ci, environments: [staging]}",
			want: one("automation[0].token", 2, "is required: where its token is read from")},
		{name: "ErrNameBad", yaml: "\nautomation:\n  - {name: CI, token: {env: CI_TOKEN}, environments: [staging]}",
			want: one("automation[0].name", 2, `"CI" is not a valid automation name (did you mean ci?)`)},
		{name: "ErrNameTwice", yaml: "\nautomation:\n  - {name: ci, token: {env: A}, environments: [staging]}\n  - {name: ci, token: {env: B}, environments: [staging]}",
			want: one("automation[1].name", 3, `automation "ci" is listed twice`)},
		{name: "ErrUnknownEnv", yaml: "\nautomation:\n  - name: ci\n    token: {env: CI_TOKEN}\n    environments:\n      - prod",
			want: one("automation[0].environments[0]", 5, `Unknown environment "prod". Environments: staging.`)},
		{name: "ErrUnknownPromoter", yaml: "\nenvironments:\n  - name: staging\n    promoters: [\"automation:ci\"]",
			want: one("environments[0].promoters[0]", 3, `"automation:ci" names no automation; add - name: ci under automation:`)},
		{name: "ErrAutomationApprover", yaml: "\nenvironments:\n  - name: staging\n    approvals: 1\n    approvers: [\"automation:ci\"]",
			want: []wantProblem{{"environments[0].approvers[0]", 4, `"automation:ci" is an automation, and an automation can never approve`},
				{"environments[0].approvals", 3, "approvers is empty, so nobody could approve"}}},
		{name: "ErrAPIListen", yaml: "\napi: {listen: localhost}",
			want: one("api.listen", 1, `"localhost" is not a listen address`)},
	})
}

func TestLoadAutomationTokens(t *testing.T) {
	cfg := &Config{Automation: []Automation{
		{Name: "release", Token: SecretRef{Env: "RELEASE_TOKEN"}},
		{Name: "nightly", Token: SecretRef{File: "/secrets/nightly"}},
	}}
	const release, nightly = "release-0123456789abcdef", "nightly-0123456789abcdef"
	files := map[string]string{"/secrets/nightly": nightly + "\n"}
	readFile := func(path string) ([]byte, error) {
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	t.Run("OK", func(t *testing.T) {
		toks, err := LoadAutomationTokens(cfg, func(string) string { return " " + release + " " }, readFile)
		if err != nil {
			t.Fatal(err)
		}
		for token, want := range map[string]string{release: "release", nightly: "nightly", "": "", "release-0123456789abcdeF": ""} {
			if got, ok := toks.Match(token); got != want || ok != (want != "") {
				t.Errorf("Match(%q) = %q, %v; want %q", token, got, ok, want)
			}
		}
	})
	tests := []struct {
		name   string
		getenv func(string) string
		files  map[string]string
		msgs   []string
	}{
		{"ErrUnset", func(string) string { return "" }, files,
			[]string{"automation release: RELEASE_TOKEN is not set: set it to the automation's token"}},
		{"ErrShort", func(string) string { return "short" }, files,
			[]string{"automation release: the token in environment variable RELEASE_TOKEN is shorter than 16 characters; use a long random one, like the output of openssl rand -hex 32"}},
		{"ErrSame", func(string) string { return nightly }, files,
			[]string{"automation nightly: the token in file /secrets/nightly is the same as automation release's; give each automation its own"}},
		{"ErrFile", func(string) string { return release }, nil,
			[]string{"automation nightly: cannot read its token file /secrets/nightly: file does not exist"}},
		{"ErrFileEmpty", func(string) string { return release }, map[string]string{"/secrets/nightly": "\n"},
			[]string{"automation nightly: its token file /secrets/nightly is empty: write the automation's token into it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files = tt.files
			_, err := LoadAutomationTokens(cfg, tt.getenv, readFile)
			var ie *fault.Error
			if !errors.As(err, &ie) || ie.Code != fault.CodeInvalid {
				t.Fatalf("LoadAutomationTokens = %v, want a *fault.Error with CodeInvalid", err)
			}
			if diff := cmp.Diff(tt.msgs, strings.Split(ie.Message, "\n")); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if strings.Contains(ie.Message, "0123456789abcdef") {
				t.Errorf("the message shows a token: %s", ie.Message)
			}
		})
	}
}
