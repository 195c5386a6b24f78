package serve

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Token-shaped values the tests set; none may appear in output.
const (
	testAppToken    = "xapp-1-A0FAKE-1234-secretapptoken"
	testBotToken    = "xoxb-1234-5678-secretbottoken"
	testGitHubToken = "ghp_secretgithubtoken0123456789abcdef"
	testArgoToken   = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3lib3QifQ.secretargosignature"
)

// goodEnv is an environment holding every token serve needs.
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

// writeConfig writes a valid config whose store is in dir and returns its path.
func writeConfig(t testing.TB, dir string) (cfgPath, storePath string) {
	t.Helper()
	good, err := os.ReadFile("../../testdata/config/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storePath = filepath.Join(dir, "state", "deploybot.db")
	cfg := strings.Replace(string(good), "/var/lib/deploybot/deploybot.db", storePath, 1)
	cfgPath = filepath.Join(dir, "deploybot.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, storePath
}

// freeAddr returns a free 127.0.0.1 port.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
