package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCredentialsInConfigURLs checks that validate and serve refuse an
// address holding a credential, name the key, line and variable, and never
// show the credential.
func TestCredentialsInConfigURLs(t *testing.T) {
	const password = "hunter2-in-a-url"
	good, err := os.ReadFile("../../testdata/config/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"ErrArgoCDServer", "server: argocd.example.com:443", "server: admin:" + password + "@argocd.example.com:443",
			[]string{"argocd.server: holds a user name, password or token before @", "ARGOCD_AUTH_TOKEN"}},
		{"ErrGitHubRepository", "repository: acme/gitops", "repository: https://x-access-token:" + password + "@github.com/acme/gitops",
			[]string{"line 6: github.repository: holds a user name, password or token before @", "GITHUB_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(string(good), tt.old) {
				t.Fatalf("good.yaml lacks %q", tt.old)
			}
			path := filepath.Join(t.TempDir(), "deploybot.yaml")
			if err := os.WriteFile(path, []byte(strings.Replace(string(good), tt.old, tt.new, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, r := range []result{runCLI(t, "validate", "--config", path), runServeCLI(t, goodEnv(), "--config", path)} {
				r.want(t, 2, nil, tt.want)
				if strings.Contains(r.stdout+r.stderr, password) {
					t.Errorf("the output shows the password:\n%s%s", r.stdout, r.stderr)
				}
			}
		})
	}
}
