package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/localapi"
	"github.com/deploybot/deploybot/store"
)

// apiOnlyConfig is enough config for a local API that serves reads and
// backups.
const apiOnlyConfig = `
slack: {channel: C0123456789}
github: {repository: acme/gitops}
argocd: {server: "argocd:443"}
store: {path: deploybot.db}
environments:
  - name: staging
services:
  api:
    files:
      - {path: "envs/{env}/api.yaml", key: image.tag}
`

// apiConfig is apiOnlyConfig with its store in dir and an automation
// whose token is in the file tokenFile.
func apiConfig(t *testing.T, dir, tokenFile string) *config.Config {
	t.Helper()
	text := strings.Replace(apiOnlyConfig, "store: {path: deploybot.db}", "store: {path: "+filepath.Join(dir, "deploybot.db")+"}", 1) +
		"automation:\n  - {name: ci, token: {file: " + tokenFile + "}, environments: [staging]}\n"
	cfg, err := config.Parse("deploybot.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestServeAPI(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		tokenFile := filepath.Join(dir, "ci.token")
		if err := os.WriteFile(tokenFile, []byte("ci-token-0123456789abcdef\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := apiConfig(t, dir, tokenFile)
		st, err := store.Open(store.Options{Path: cfg.Store.Path})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		run, err := serveAPI(Options{Config: cfg}, st, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- run(ctx) }()
		sock := store.SocketPath(cfg.Store.Path)
		fi, err := os.Stat(sock)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("socket %s: %v, mode %v; want 0600", sock, err, fi.Mode().Perm())
		}
		who, err := localapi.NewClient(localapi.ClientOptions{Socket: sock, Token: config.NewSecret("ci-token-0123456789abcdef")}).WhoAmI(ctx)
		if err != nil || who.ID != "automation:ci" {
			t.Errorf("whoami = %+v, %v; want automation:ci", who, err)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the API stopped with %v", err)
		}
		if _, err := os.Stat(sock); !os.IsNotExist(err) {
			t.Errorf("socket still there after the API stopped: %v", err)
		}
	})
	t.Run("ErrTokenFile", func(t *testing.T) {
		dir := t.TempDir()
		cfg := apiConfig(t, dir, filepath.Join(dir, "missing.token"))
		_, err := serveAPI(Options{Config: cfg}, nil, nil, nil)
		if fault.ErrorCode(err) != fault.CodeInvalid || !strings.Contains(err.Error(), "automation ci: cannot read its token file") {
			t.Errorf("serveAPI = %v, want invalid: cannot read the token file", err)
		}
		if _, err := os.Stat(store.SocketPath(cfg.Store.Path)); !os.IsNotExist(err) {
			t.Errorf("a socket was left after the refusal: %v", err)
		}
	})
}
