package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestSecretNeverShows(t *testing.T) {
	const value = "xoxb-s3cr3t-value"
	s := NewSecret(value)
	type holder struct {
		Token  Secret
		hidden Secret // fmt cannot call methods on unexported fields
	}
	h := holder{Token: s, hidden: s}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "token", s, "holder", h, "secrets", Secrets{SlackBotToken: s})
	js, err := json.Marshal(map[string]any{"s": s, "h": h})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := s.MarshalText()
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%+v": fmt.Sprintf("%+v", s), "%#v": fmt.Sprintf("%#v", s),
		"%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s), "%x": fmt.Sprintf("%x", s), "%d": fmt.Sprintf("%d", s),
		"holder %+v": fmt.Sprintf("%+v", h), "holder %#v": fmt.Sprintf("%#v", h), "ptr %+v": fmt.Sprintf("%+v", &h),
		"slog": logged.String(), "json": string(js), "text": string(text), "Error": fmt.Errorf("x: %v", s).Error(),
	}
	for name, out := range outputs {
		if strings.Contains(out, value) || strings.Contains(out, "s3cr3t") {
			t.Errorf("%s shows the secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["%v"], "[redacted]") || !strings.Contains(outputs["slog"], `"token":"[redacted]"`) || string(js) != `{"h":{"Token":"[redacted]"},"s":"[redacted]"}` {
		t.Errorf("redaction missing: %v", outputs)
	}
	if s.Reveal() != value || s.IsZero() {
		t.Errorf("Reveal() = %q, IsZero() = %v", s.Reveal(), s.IsZero())
	}
}

func TestSecretZero(t *testing.T) {
	var zero Secret
	if !zero.IsZero() || !NewSecret("").IsZero() || zero.Reveal() != "" || zero.String() != "[unset]" {
		t.Errorf("zero secret: IsZero %v, Reveal %q, String %q", zero.IsZero(), zero.Reveal(), zero.String())
	}
	if !NewSecret("a").Equal(NewSecret("a")) || NewSecret("a").Equal(NewSecret("b")) || !zero.Equal(NewSecret("")) {
		t.Error("Equal compares values")
	}
}

// fakeEnv serves getenv and readFile from maps.
type fakeEnv struct {
	vars  map[string]string
	files map[string]string
}

func (e fakeEnv) getenv(k string) string { return e.vars[k] }

func (e fakeEnv) readFile(path string) ([]byte, error) {
	if s, ok := e.files[path]; ok {
		return []byte(s), nil
	}
	return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
}

const fakePEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"

func TestLoadSecrets(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		env := fakeEnv{
			vars: map[string]string{
				"SLACK_APP_TOKEN": fakeAppToken, "SLACK_BOT_TOKEN_FILE": "/run/secrets/bot",
				"GITHUB_APP_ID": "12345", "GITHUB_APP_INSTALLATION_ID": " 678 ", "GITHUB_APP_PRIVATE_KEY_FILE": "/run/secrets/key.pem",
				"ARGOCD_AUTH_TOKEN": fakeJWT + "\n",
			},
			files: map[string]string{"/run/secrets/bot": fakeBotToken + "\n", "/run/secrets/key.pem": fakePEM + "\n"},
		}
		got, err := LoadSecrets(env.getenv, env.readFile)
		if err != nil {
			t.Fatal(err)
		}
		want := Secrets{
			SlackAppToken: NewSecret(fakeAppToken), SlackBotToken: NewSecret(fakeBotToken),
			GitHubAppID: 12345, GitHubAppInstallationID: 678, GitHubAppPrivateKey: NewSecret(fakePEM),
			ArgoCDAuthToken: NewSecret(fakeJWT),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if !got.UsesGitHubApp() {
			t.Error("UsesGitHubApp() = false")
		}
	})
	t.Run("OKNothingSet", func(t *testing.T) {
		got, err := LoadSecrets(fakeEnv{}.getenv, fakeEnv{}.readFile)
		if err != nil || !cmp.Equal(Secrets{}, got) {
			t.Errorf("got %v, %v; want empty secrets", got, err)
		}
	})
	t.Run("OKPrivateKeyOnOneLine", func(t *testing.T) {
		env := fakeEnv{vars: map[string]string{"GITHUB_APP_ID": "1", "GITHUB_APP_INSTALLATION_ID": "2",
			"GITHUB_APP_PRIVATE_KEY": strings.ReplaceAll(fakePEM, "\n", `\n`)}}
		got, err := LoadSecrets(env.getenv, env.readFile)
		if err != nil || got.GitHubAppPrivateKey.Reveal() != fakePEM {
			t.Errorf("got %q, %v", got.GitHubAppPrivateKey.Reveal(), err)
		}
	})
}

func TestLoadSecretsRejects(t *testing.T) {
	tests := []struct {
		name  string
		vars  map[string]string
		files map[string]string
		want  []string // every line of the message
	}{
		{name: "ErrBothVariables", vars: map[string]string{"SLACK_BOT_TOKEN": fakeBotToken, "SLACK_BOT_TOKEN_FILE": "/x"},
			want: []string{"both SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are set: set only one of them"}},
		{name: "ErrUnreadableFile", vars: map[string]string{"GITHUB_TOKEN_FILE": "/run/secrets/gh"},
			want: []string{"GITHUB_TOKEN_FILE names /run/secrets/gh, which cannot be read: open /run/secrets/gh: file does not exist"}},
		{name: "ErrEmptyFile", vars: map[string]string{"ARGOCD_AUTH_TOKEN_FILE": "/t"}, files: map[string]string{"/t": "\n"},
			want: []string{"ARGOCD_AUTH_TOKEN_FILE names /t, which is empty"}},
		{name: "ErrBotTokenInAppVariable", vars: map[string]string{"SLACK_APP_TOKEN": fakeBotToken},
			want: []string{"SLACK_APP_TOKEN holds a bot token (xoxb-); put it in SLACK_BOT_TOKEN, and put the app-level token (xapp-) in SLACK_APP_TOKEN"}},
		{name: "ErrAppTokenInBotFile", vars: map[string]string{"SLACK_BOT_TOKEN_FILE": "/b"}, files: map[string]string{"/b": fakeAppToken},
			want: []string{"SLACK_BOT_TOKEN_FILE holds an app-level token (xapp-); put it in SLACK_APP_TOKEN, and put the bot token (xoxb-) in SLACK_BOT_TOKEN"}},
		{name: "ErrUserToken", vars: map[string]string{"SLACK_BOT_TOKEN": "xoxp-1-2-3"},
			want: []string{"SLACK_BOT_TOKEN holds a user token (xoxp-); deploybot acts as its bot: use the Bot User OAuth Token (xoxb-) from OAuth & Permissions"}},
		{name: "ErrNotSlackTokens", vars: map[string]string{"SLACK_BOT_TOKEN": "hunter2", "SLACK_APP_TOKEN": "hunter2"}, want: []string{
			"SLACK_APP_TOKEN does not hold a Slack app-level token: it must start with xapp- (the app's Basic Information → App-Level Tokens, with the connections:write scope)",
			"SLACK_BOT_TOKEN does not hold a Slack bot token: it must start with xoxb- (the app's OAuth & Permissions → Bot User OAuth Token)",
		}},
		{name: "ErrTwoLines", vars: map[string]string{"GITHUB_TOKEN_FILE": "/g"}, files: map[string]string{"/g": fakeGHToken + "\n" + fakeGHToken},
			want: []string{"GITHUB_TOKEN_FILE holds more than one word or line; it must hold just the token"}},
		{name: "ErrArgoCDNotJWT", vars: map[string]string{"ARGOCD_AUTH_TOKEN": "hunter2"},
			want: []string{"ARGOCD_AUTH_TOKEN does not hold an Argo CD auth token (a JWT: three base64url parts joined by dots, starting with eyJ); create one with argocd account generate-token"}},
		{name: "ErrPrivateKeyNotPEM", vars: map[string]string{"GITHUB_APP_ID": "1", "GITHUB_APP_INSTALLATION_ID": "2", "GITHUB_APP_PRIVATE_KEY_FILE": "/k"}, files: map[string]string{"/k": "hunter2"},
			want: []string{"GITHUB_APP_PRIVATE_KEY_FILE does not hold a PEM private key (-----BEGIN RSA PRIVATE KEY-----…); use the .pem file generated in the GitHub App's settings"}},
		{name: "ErrAppIDNotNumber", vars: map[string]string{"GITHUB_APP_ID": "my-app", "GITHUB_APP_INSTALLATION_ID": "0", "GITHUB_APP_PRIVATE_KEY_FILE": "/k"}, files: map[string]string{"/k": fakePEM},
			want: []string{
				"GITHUB_APP_ID must be a positive whole number: the GitHub App's App ID, from its settings page",
				"GITHUB_APP_INSTALLATION_ID must be a positive whole number: the GitHub App's installation ID, from its settings page",
			}},
		{name: "ErrTokenAndApp", vars: map[string]string{"GITHUB_TOKEN": fakeGHToken, "GITHUB_APP_ID": "1"},
			want: []string{"both GITHUB_TOKEN and GitHub App variables (GITHUB_APP_ID) are set: use either a token or a GitHub App, not both"}},
		{name: "ErrAppIncomplete", vars: map[string]string{"GITHUB_APP_ID": "1"},
			want: []string{"the GitHub App settings are incomplete: GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY_FILE are not set; a GitHub App needs GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY_FILE"}},
		{name: "ErrAppMissingID", vars: map[string]string{"GITHUB_APP_INSTALLATION_ID": "2", "GITHUB_APP_PRIVATE_KEY_FILE": "/k"}, files: map[string]string{"/k": fakePEM},
			want: []string{"the GitHub App settings are incomplete: GITHUB_APP_ID is not set; a GitHub App needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := fakeEnv{vars: tt.vars, files: tt.files}
			got, err := LoadSecrets(env.getenv, env.readFile)
			var ie *fault.Error
			if !errors.As(err, &ie) || ie.Code != fault.CodeInvalid {
				t.Fatalf("got %v, %v; want a *fault.Error with CodeInvalid", got, err)
			}
			lines := strings.Split(ie.Message, "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(lines), len(tt.want), ie.Message)
			}
			for i := range min(len(lines), len(tt.want)) {
				if !strings.HasPrefix(lines[i], tt.want[i]) {
					t.Errorf("line %d = %q, want %q", i, lines[i], tt.want[i])
				}
			}
			for _, secret := range []string{"hunter2", fakeBotToken, fakeAppToken, fakeGHToken, "MIIEow"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
			if !cmp.Equal(Secrets{}, got) {
				t.Errorf("got secrets %v with an error", got)
			}
		})
	}
}

func TestSecretsRequire(t *testing.T) {
	full := Secrets{SlackAppToken: NewSecret("xapp-1"), SlackBotToken: NewSecret("xoxb-1"), GitHubToken: NewSecret("ghp_1"), ArgoCDAuthToken: NewSecret("eyJ.a.b")}
	app := Secrets{GitHubAppID: 1, GitHubAppInstallationID: 2, GitHubAppPrivateKey: NewSecret(fakePEM)}
	tests := []struct {
		name    string
		secrets Secrets
		groups  []SecretGroup
		want    string
	}{
		{"OK", full, []SecretGroup{SecretsSlack, SecretsGitHub, SecretsArgoCD}, ""},
		{"OKGitHubApp", app, []SecretGroup{SecretsGitHub}, ""},
		{"OKNothingNeeded", Secrets{}, nil, ""},
		{"ErrSlack", Secrets{SlackBotToken: NewSecret("xoxb-1")}, []SecretGroup{SecretsSlack},
			"SLACK_APP_TOKEN is not set: set it (or SLACK_APP_TOKEN_FILE) to the Slack app-level token (xapp-)"},
		{"ErrAll", Secrets{}, []SecretGroup{SecretsSlack, SecretsGitHub, SecretsArgoCD}, strings.Join([]string{
			"SLACK_APP_TOKEN is not set: set it (or SLACK_APP_TOKEN_FILE) to the Slack app-level token (xapp-)",
			"SLACK_BOT_TOKEN is not set: set it (or SLACK_BOT_TOKEN_FILE) to the Slack bot token (xoxb-)",
			"GITHUB_TOKEN is not set: set it (or GITHUB_TOKEN_FILE) to a GitHub token, or use a GitHub App with GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY_FILE",
			"ARGOCD_AUTH_TOKEN is not set: set it (or ARGOCD_AUTH_TOKEN_FILE) to an Argo CD auth token (argocd account generate-token)",
		}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.secrets.Require(tt.groups...)
			got := ""
			if err != nil {
				got = err.Error()
				if !isInvalid(err) {
					t.Errorf("error %T, want invalid", err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
