package config

import (
	"strings"
	"testing"
)

// Fake credentials, shaped like the real ones.
const (
	fakeBotToken = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
	fakeAppToken = "xapp-1-A0123456789-1234567890123-abcdef0123456789"
	fakeGHToken  = "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	fakeGHPAT    = "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"
	fakeJWT      = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3lib3QifQ.c2lnbmF0dXJlLW5vdC1yZWFs"
)

func TestParseRejectsSecrets(t *testing.T) {
	cases := []rejectCase{
		{name: "ErrSlackBotToken", yaml: "\nstore: {path: \"" + fakeBotToken + "\"}",
			want: one("store.path", 1, "looks like a Slack bot token; secrets never go in the config file: set SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) in the environment")},
		{name: "ErrSlackAppToken", yaml: "\nstore: {path: " + fakeAppToken + "}",
			want: one("store.path", 1, "looks like a Slack app-level token; secrets never go in the config file: set SLACK_APP_TOKEN (or SLACK_APP_TOKEN_FILE)")},
		{name: "ErrSlackUserToken", yaml: "\nstore: {path: xoxp-1234-5678-abcdef}",
			want: one("store.path", 1, "looks like a Slack user or legacy token")},
		{name: "ErrGitHubToken", yaml: "\ngithub:\n  repository: acme/gitops\n  apiURL: \"https://" + fakeGHToken + "@ghe.example.com/\"",
			want: one("github.apiURL", 3, "looks like a GitHub token; secrets never go in the config file: set GITHUB_TOKEN (or GITHUB_TOKEN_FILE)")},
		{name: "ErrGitHubPAT", yaml: "\ngithub:\n  repository: acme/gitops\n  reviewers: [" + fakeGHPAT + "]",
			want: []wantProblem{
				{"github.reviewers[0]", 3, "looks like a GitHub token"},
				{"github.reviewers[0]", 3, `"[redacted]" is not a GitHub login`},
			}},
		{name: "ErrPrivateKey", yaml: "\nstore:\n  path: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n    -----END RSA PRIVATE KEY-----",
			want: one("store.path", 2, "looks like a private key; secrets never go in the config file: set GITHUB_APP_PRIVATE_KEY_FILE")},
		{name: "ErrJWT", yaml: "\nargocd: {server: \"argocd:443\", grpcWebRootPath: " + fakeJWT + "}",
			want: one("argocd.grpcWebRootPath", 1, "looks like a JWT (Argo CD auth tokens are JWTs); secrets never go in the config file: set ARGOCD_AUTH_TOKEN (or ARGOCD_AUTH_TOKEN_FILE)")},
		{name: "ErrKeyNamedToken", yaml: "\nargocd:\n  server: argocd:443\n  authToken: hunter2",
			want: one("argocd.authToken", 3, "is named like a secret; secrets never go in the config file: set them in the environment")},
		{name: "ErrKeyNamedPassword", yaml: "\nPassword: hunter2", want: one("Password", 1, "is named like a secret")},
		{name: "ErrKeyNamedAPIKey", yaml: "\nslack: {channel: C0123456789, api_key: \"1234\"}", want: one("slack.api_key", 1, "is named like a secret")},
		{name: "ErrKeyNamedPrivateKey", yaml: "\ngithub: {repository: acme/gitops, privateKey: {file: k.pem}}", want: one("github.privateKey", 1, "is named like a secret")},
		{name: "ErrKeyNamedTokenHoldingToken", yaml: "\nslack:\n  channel: C0123456789\n  token: " + fakeBotToken,
			want: one("slack.token", 3, "looks like a Slack bot token")},
		{name: "ErrTokenInComment", yaml: "\nstore:\n  # old token: " + fakeBotToken + "\n  path: deploybot.db",
			want: one("store.path", 3, "has a comment that looks like a Slack bot token; remove it")},
		{name: "ErrTokenAsKey", yaml: "\nslack:\n  channel: C0123456789\n  " + fakeBotToken + ": x",
			want: []wantProblem{
				{"slack", 3, "has a key that looks like a Slack bot token"},
				{"slack.[redacted]", 3, `unknown key "[redacted]"`},
			}},
		{name: "ErrTokenAsAfter", yaml: "\nenvironments:\n  - name: staging\n  - {name: production, after: " + fakeBotToken + "}",
			want: []wantProblem{
				{"environments[1].after", 3, "looks like a Slack bot token"},
				{"environments[1].after", 3, `"[redacted]" is not an environment`},
			}},
	}
	runRejectCases(t, cases)
	for _, tc := range cases {
		_, err := Parse("deploybot.yaml", []byte(withDefaults(tc.yaml)))
		for _, secret := range []string{fakeBotToken, fakeAppToken, fakeGHToken, fakeGHPAT, fakeJWT, "hunter2", "AbCdEf", "MIIEow"} {
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error shows the secret %q:\n%v", tc.name, secret, err)
			}
		}
	}
}

func TestParseAllowsSecretLikeNames(t *testing.T) {
	// Service names are names, not settings; neither are harmless keys.
	cfg, err := Parse("t.yaml", []byte(withDefaults(`
services:
  auth-token:
    files: [{path: "envs/{env}/auth-token.yaml", key: image.tag}]
  ghost:
    files: [{path: "envs/{env}/ghost.yaml", key: spec.tokenTTL}]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.ServiceNames(), ","); got != "auth-token,ghost" {
		t.Errorf("services = %s", got)
	}
}

func TestSecretKeyName(t *testing.T) {
	for key, want := range map[string]bool{
		"token": true, "Token": true, "password": true, "secret": true, "privateKey": true, "private_key": true,
		"apiKey": true, "API-KEY": true, "botToken": true, "client_secret": true,
		"key": false, "keys": false, "tokens": false, "secrets": false, "path": false, "value": false,
	} {
		if got := secretKeyName(key); got != want {
			t.Errorf("secretKeyName(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestRedactSecrets(t *testing.T) {
	in := "a " + fakeBotToken + " b " + fakeGHToken + " c " + fakeJWT + " d"
	if got, want := redactSecrets(in), "a [redacted] b [redacted] c [redacted] d"; got != want {
		t.Errorf("redactSecrets() = %q, want %q", got, want)
	}
}
