package github_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
)

const (
	badToken      = "ghp_Wr0ngTokenWr0ngTokenWr0ngToken1234"
	readOnlyToken = "ghp_Re4dOnlyTokenRe4dOnlyToken123456789"
	apiOnlyToken  = "ghp_Ap1OnlyTokenAp1OnlyToken1234567890a"
	appID         = 4242
	installation  = 77
)

// withToken makes the client use token.
func withToken(token string) func(*github.Options) {
	return func(o *github.Options) { o.Secrets = config.Secrets{GitHubToken: config.NewSecret(token)} }
}

func TestCredentials(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		token string
		call  func(e *testEnv) error
		code  fault.Code
		msg   string
	}{
		{"ErrBadToken", badToken, func(e *testEnv) error { _, err := e.c.Head(ctx); return err }, fault.CodeUnauthorised,
			"GitHub rejected the credentials (GITHUB_TOKEN or the GitHub App) for acme/gitops; check the token is valid and has not expired"},
		{"ErrRepoNotVisible", apiOnlyToken, func(e *testEnv) error { _, err := e.c.Head(ctx); return err }, fault.CodeNotFound,
			"GitHub can't find acme/gitops, or deploybot's credentials can't see it (while trying to read the base branch main): check github.repository in deploybot.yaml and that the token or GitHub App has access to acme/gitops (metadata: read, contents: read and write, pull requests: read and write)"},
		{"ErrReadOnly", readOnlyToken, func(e *testEnv) error {
			head, err := e.c.Head(ctx)
			must(t, err)
			_, err = e.c.OpenChange(ctx, deploy.ChangeRequest{Branch: "deploybot/x", BaseSHA: head, Message: "m", Title: "t",
				Files: []deploy.FileChange{{Path: prodAPI, New: []byte("x")}}})
			return err
		}, fault.CodeUnauthorised,
			`deploybot may not write the promotion's files in acme/gitops: GitHub answered 403 "Resource not accessible by integration". Give the token or GitHub App contents: write on acme/gitops`},
		{"ErrNoSuchBranch", botToken, func(e *testEnv) error {
			c, err := github.New(github.Options{Repository: gitops, BaseBranch: "trunk", APIURL: e.srv.URL(),
				Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}, HTTPClient: e.srv.Client()})
			must(t, err)
			_, err = c.Head(ctx)
			return err
		}, fault.CodeNotFound, "the base branch trunk does not exist in acme/gitops; check github.baseBranch in deploybot.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, withToken(tt.token))
			e.srv.AddToken(readOnlyToken, githubfake.Token{Login: "viewer", ReadOnly: true})
			e.srv.AddToken(apiOnlyToken, githubfake.Token{Login: "ci", Repos: []string{appRepo}})
			err := tt.call(e)
			if fault.ErrorCode(err) != tt.code || !strings.HasPrefix(fault.UserMessage(err), tt.msg) {
				t.Errorf("got %s %q\nwant %s %q", fault.ErrorCode(err), fault.UserMessage(err), tt.code, tt.msg)
			}
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opts github.Options
		msg  string
	}{
		{"ErrRepository", github.Options{Repository: "gitops", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}}, "must be owner/name"},
		{"ErrNoCredentials", github.Options{Repository: gitops}, "no GitHub credentials: set GITHUB_TOKEN"},
		{"ErrAPIURL", github.Options{Repository: gitops, APIURL: "github.example.com", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}}, "github.apiURL"},
		{"ErrAPIURLUserinfo", github.Options{Repository: gitops, APIURL: "https://bot:s3cr3tPassw0rd@github.example.com/api/v3/", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}},
			"github.apiURL holds a user name, password or token before @ (not shown): remove it and set GITHUB_TOKEN"},
		{"ErrAPIURLTokenAsUser", github.Options{Repository: gitops, APIURL: "https://s3cr3tPassw0rd@github.example.com/api/v3/", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}},
			"github.apiURL holds a user name, password or token before @"},
		{"ErrAPIURLBrokenByPassword", github.Options{Repository: gitops, APIURL: "https://bot:s3cr3t/Passw0rd@github.example.com/api/v3/", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}},
			"github.apiURL holds a user name, password or token before @"},
		{"ErrMergeMethod", github.Options{Repository: gitops, MergeMethod: "fast-forward", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}}, "merge method"},
		{"ErrPrivateKey", github.Options{Repository: gitops, Secrets: config.Secrets{GitHubAppID: 1, GitHubAppInstallationID: 2,
			GitHubAppPrivateKey: config.NewSecret("-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n")}}, "does not hold a PEM-encoded RSA private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := github.New(tt.opts)
			if fault.ErrorCode(err) != fault.CodeInvalid || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("New: %v, want invalid with %q", err, tt.msg)
			}
			if err != nil && (strings.Contains(err.Error(), "s3cr3t") || strings.Contains(fmt.Sprintf("%#v", err), "s3cr3t")) {
				t.Errorf("New: the error shows the password: %#v", err)
			}
		})
	}
	t.Run("OKWebURL", func(t *testing.T) {
		c, err := github.New(github.Options{Repository: gitops, Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}})
		must(t, err)
		if c.RepoURL() != "https://github.com/acme/gitops" || c.BaseBranch() != "main" {
			t.Errorf("RepoURL %q, base %q", c.RepoURL(), c.BaseBranch())
		}
		ghe, err := github.New(github.Options{Repository: gitops, APIURL: "https://github.example.com/api/v3/", Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}})
		must(t, err)
		if ghe.RepoURL() != "https://github.example.com/acme/gitops" {
			t.Errorf("Enterprise RepoURL %q", ghe.RepoURL())
		}
	})
}

// appEnv is a server that only knows the GitHub App (no tokens) and the
// App's private key in PEM.
func appEnv(t *testing.T) (*githubfake.Server, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	srv, err := githubfake.New(githubfake.Options{Dir: t.TempDir(), App: &githubfake.App{ID: appID, InstallationID: installation,
		PublicKey: &key.PublicKey, Slug: "deploybot"}, Clock: stepClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)),
		Check: openapicheck.Check})
	must(t, err)
	t.Cleanup(func() { srv.ReportViolations(t) })
	t.Cleanup(srv.Close)
	must(t, srv.AddRepoFS(gitops, "main", os.DirFS(layoutDir+"/repo")))
	return srv, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
}

// appClient returns a client authenticating as the App's installation,
// logging to logs.
func appClient(t *testing.T, srv *githubfake.Server, installationID int64, key []byte, logs *syncBuffer) *github.Client {
	t.Helper()
	c, err := github.New(github.Options{Repository: gitops, APIURL: srv.URL() + "/api/v3/", HTTPClient: srv.Client(),
		Secrets: config.Secrets{GitHubAppID: appID, GitHubAppInstallationID: installationID, GitHubAppPrivateKey: config.NewSecret(string(key))},
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Retry:   github.RetryPolicy{Sleep: (&waitLog{}).sleep}})
	must(t, err)
	return c
}

func TestGitHubApp(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		srv, key := appEnv(t)
		c := appClient(t, srv, installation, key, &syncBuffer{})
		head, err := c.Head(ctx)
		must(t, err)
		pr, err := c.OpenChange(ctx, deploy.ChangeRequest{Branch: "deploybot/production/api-v9.1.1-p1", BaseSHA: head,
			Message: "promote", Title: "promote", Files: []deploy.FileChange{{Path: prodAPI, New: []byte("service: {}\n")}}})
		must(t, err)
		snap, err := srv.PR(gitops, pr.Number)
		must(t, err)
		if snap.Author != "deploybot[bot]" {
			t.Errorf("pull request author = %q, want the App's bot", snap.Author)
		}
		if n := srv.CountRequests("POST /app/installations/*/access_tokens"); n != 1 {
			t.Errorf("%d installation tokens fetched, want 1 (reused until it expires)", n)
		}
	})
	t.Run("ErrWrongInstallation", func(t *testing.T) {
		srv, key := appEnv(t)
		_, err := appClient(t, srv, installation+1, key, &syncBuffer{}).Head(ctx)
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !strings.Contains(err.Error(), "GitHub has no installation 78 of the GitHub App") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		srv, _ := appEnv(t)
		_, other := appEnv(t)
		_, err := appClient(t, srv, installation, other, &syncBuffer{}).Head(ctx)
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !strings.Contains(err.Error(), "check GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and the App's private key") {
			t.Errorf("err = %v", err)
		}
	})
}
