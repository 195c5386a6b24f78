package githubfake

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/google/go-github/v60/github"
	ghinstall "github.com/google/go-github/v66/github"
)

// TestAuth checks tokens: missing, wrong, read-only, scoped to one repo.
func TestAuth(t *testing.T) {
	srv := newServer(t)
	must(t, srv.AddRepo("acme/api", "main", map[string][]byte{"a": []byte("a")}))
	srv.AddToken("ghp_readonly", Token{Login: "viewer", ReadOnly: true})
	srv.AddToken("ghp_apionly", Token{Login: "ci", Repos: []string{"acme/api"}})
	ctx := context.Background()
	getRepo := func(c *github.Client, name string) error {
		_, _, err := c.Repositories.Get(ctx, "acme", name)
		return err
	}
	createRef := func(c *github.Client, name string) error {
		_, _, err := c.Git.CreateRef(ctx, "acme", name, &github.Reference{Ref: github.String("refs/heads/x"),
			Object: &github.GitObject{SHA: github.String(srv.Head("acme/"+name, "main"))}})
		return err
	}
	tests := []struct {
		name     string
		token    string
		call     func(*github.Client, string) error
		repo     string
		wantCode int
		wantMsg  string
	}{
		{"OK", botToken, getRepo, "gitops", 200, ""},
		{"ErrNoToken", "", getRepo, "gitops", 401, "Requires authentication"},
		{"ErrBadToken", "ghp_wrong", getRepo, "gitops", 401, "Bad credentials"},
		{"ErrUnknownRepo", botToken, getRepo, "nope", 404, "Not Found"},
		{"OKReadOnlyRead", "ghp_readonly", getRepo, "gitops", 200, ""},
		{"ErrReadOnlyWrite", "ghp_readonly", createRef, "gitops", 403, "Resource not accessible by integration"},
		{"OKScopedWrite", "ghp_apionly", createRef, "api", 200, ""},
		{"ErrScopedOtherRepo", "ghp_apionly", getRepo, "gitops", 404, "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(clientFor(t, srv, tt.token), tt.repo)
			if code, msg := statusOf(err); code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("got %d %q, want %d %q", code, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	u, _, err := clientFor(t, srv, aliceToken).Users.Get(ctx, "")
	if err != nil || u.GetLogin() != "alice" {
		t.Errorf("GET /user = %v, %v", u, err)
	}
	repo, _, err := clientFor(t, srv, "ghp_readonly").Repositories.Get(ctx, "acme", "gitops")
	if err != nil || repo.GetPermissions()["push"] || !repo.GetPermissions()["pull"] || repo.GetDefaultBranch() != "main" {
		t.Errorf("repo for read-only token = %v, %v", repo.GetPermissions(), err)
	}
}

// TestGitHubApp authenticates with ghinstallation: App JWT, installation
// token, then API calls with it.
func TestGitHubApp(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	srv, err := New(Options{Dir: t.TempDir(), App: &App{ID: 42, InstallationID: 7, PublicKey: &key.PublicKey, Slug: "deploybot"},
		Check: openapicheck.Check})
	must(t, err)
	t.Cleanup(func() { srv.ReportViolations(t) })
	t.Cleanup(srv.Close)
	must(t, srv.AddRepo(gitops, "main", map[string][]byte{"a": []byte("a")}))
	appClient := func(t *testing.T, installation int64, pemKey []byte) *github.Client {
		tr, err := ghinstallation.New(http.DefaultTransport, 42, installation, pemKey)
		must(t, err)
		tr.InstallationTokenOptions = &ghinstall.InstallationTokenOptions{} // {} rather than a null body
		tr.BaseURL = srv.URL() + "/api/v3"
		c, err := github.NewClient(&http.Client{Transport: tr}).WithEnterpriseURLs(srv.URL()+"/", srv.URL()+"/")
		must(t, err)
		return c
	}
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		c := appClient(t, 7, pemKey)
		if _, _, err := c.Repositories.Get(ctx, "acme", "gitops"); err != nil {
			t.Fatal(err)
		}
		pr := promote(t, c, "p1", []byte("b"))
		if pr.GetUser().GetLogin() != "deploybot[bot]" || pr.GetUser().GetType() != "Bot" {
			t.Errorf("PR author = %s (%s)", pr.GetUser().GetLogin(), pr.GetUser().GetType())
		}
		_, _, err := c.Users.Get(ctx, "")
		if code, _ := statusOf(err); code != 403 {
			t.Errorf("GET /user with an installation token = %d, want 403", code)
		}
	})
	t.Run("ErrWrongInstallation", func(t *testing.T) {
		_, _, err := appClient(t, 8, pemKey).Repositories.Get(ctx, "acme", "gitops")
		if err == nil {
			t.Fatal("wrong installation accepted")
		}
	})
	t.Run("ErrWrongKey", func(t *testing.T) {
		other, err := rsa.GenerateKey(rand.Reader, 2048)
		must(t, err)
		otherPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(other)})
		if _, _, err := appClient(t, 7, otherPEM).Repositories.Get(ctx, "acme", "gitops"); err == nil {
			t.Fatal("JWT signed by another key accepted")
		}
	})
	t.Run("ErrExpiredToken", func(t *testing.T) {
		srv.lock()
		srv.tokens["ghs_old"] = tokenInfo{Token: Token{Login: "deploybot[bot]"}, installation: true, expires: time.Now().Add(-time.Minute)}
		srv.unlock()
		_, _, err := clientFor(t, srv, "ghs_old").Repositories.Get(ctx, "acme", "gitops")
		if code, msg := statusOf(err); code != 401 || msg != "Bad credentials" {
			t.Errorf("expired token = %d %q", code, msg)
		}
	})
}

// TestURLLayouts checks the API at the root (github.com) and under /api/v3
// (Enterprise).
func TestURLLayouts(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	root := github.NewClient(nil).WithAuthToken(botToken)
	var err error
	root.BaseURL, err = root.BaseURL.Parse(srv.URL() + "/")
	must(t, err)
	for name, c := range map[string]*github.Client{"root": root, "enterprise": clientFor(t, srv, botToken)} {
		ref, _, err := c.Git.GetRef(ctx, "acme", "gitops", "heads/main")
		if err != nil || ref.GetObject().GetSHA() != srv.Head(gitops, "main") {
			t.Errorf("%s: GetRef = %v, %v", name, ref, err)
		}
	}
	if got := srv.Requests(); len(got) != 2 || got[0].Path != got[1].Path {
		t.Errorf("logged paths = %+v, want the same API path twice", got)
	}
}
