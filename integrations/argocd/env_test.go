package argocd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient"
	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Environment of the helper process (TestHelperProcess).
const (
	helperAddr  = "DEPLOYBOT_TEST_ARGOCD_ADDR"
	helperToken = "DEPLOYBOT_TEST_ARGOCD_TOKEN"
)

// TestHelperProcess is not a test: TestEnvironmentDoesNotLeak runs the
// test binary again with it and a hostile environment, because the
// apiclient reads some variables when the program starts. It observes two
// apps and prints one line per app.
func TestHelperProcess(t *testing.T) {
	addr := os.Getenv(helperAddr)
	if addr == "" {
		t.Skip("run by TestEnvironmentDoesNotLeak")
	}
	c, err := New(Options{Server: addr, Plaintext: true, Token: config.NewSecret(os.Getenv(helperToken))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, app := range []string{"api-production", "web-production"} {
		r, err := c.Observe(ctx, app)
		fmt.Printf("RESULT %s %s %s\n", app, r.Health, fault.ErrorCode(err))
	}
}

// TestEnvironmentDoesNotLeak runs a client in a process whose environment
// and home point the argocd CLI elsewhere: ARGOCD_SERVER, ARGOCD_AUTH_TOKEN
// (a token that may see every app), ARGOCD_OPTS, ARGOCD_GRPC_MAX_SIZE_MB=0
// (every response too large), and a local config (HOME, XDG_CONFIG_HOME,
// ARGOCD_CONFIG_DIR) with another server and token. The client must talk
// to the server and with the token of its Options only: it sees
// api-production and, with the bot's token, not web-production.
func TestEnvironmentDoesNotLeak(t *testing.T) {
	f := newFixture(t)
	home := t.TempDir()
	config := fmt.Sprintf(`contexts:
- name: evil
  server: evil.invalid:443
  user: evil
current-context: evil
servers:
- server: evil.invalid:443
  grpc-web: true
  insecure: true
users:
- name: evil
  auth-token: %s
`, tokAdmin)
	for _, dir := range []string{filepath.Join(home, ".config", "argocd"), filepath.Join(home, "argocd-config-dir")} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		helperAddr + "=" + f.srv.Addr(), helperToken + "=" + tokBot,
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"ARGOCD_CONFIG_DIR=" + filepath.Join(home, "argocd-config-dir"),
		"ARGOCD_SERVER=evil.invalid:443", "ARGOCD_AUTH_TOKEN=" + tokAdmin,
		"ARGOCD_OPTS=--server evil.invalid:443 --auth-token " + tokAdmin + " --grpc-web --insecure --config " +
			filepath.Join(home, ".config", "argocd", "config") + " --header X-Evil:1",
		"ARGOCD_GRPC_MAX_SIZE_MB=0",
	}
	out, stderr, err := runHelper(t, env)
	if err != nil {
		t.Fatalf("helper: %v\n%s\n%s", err, out, stderr)
	}
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			got = append(got, rest)
		}
	}
	want := []string{"api-production Healthy ", "web-production  not_found"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("helper results (-want +got):\n%s\n%s", diff, stderr)
	}
}

// TestMalformedArgoCDOptsIsFatal records an upstream limitation: argo-cd's
// util/config parses ARGOCD_OPTS when the program starts and exits if it
// is malformed, before any deploybot code runs. Keep ARGOCD_OPTS unset
// where deploybot runs.
func TestMalformedArgoCDOptsIsFatal(t *testing.T) {
	_, stderr, err := runHelper(t, []string{"ARGOCD_OPTS=oops"})
	if err == nil || !strings.Contains(stderr, "ARGOCD_OPTS invalid at 'oops'") {
		t.Errorf("helper with a malformed ARGOCD_OPTS: err %v, stderr:\n%s", err, stderr)
	}
}

func runHelper(t *testing.T, env []string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "ARGOCD_") || strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "XDG_")
	}), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	checkNoToken(t, "helper output", o.String())
	return o.String(), e.String(), err
}

// TestClientOptionsEveryField fails when an argo-cd upgrade adds a
// ClientOptions field, so that clientOptions is reviewed and sets it
// explicitly too.
func TestClientOptionsEveryField(t *testing.T) {
	known := []string{
		"ServerAddr", "PlainText", "Insecure", "CertFile", "ClientCertFile", "ClientCertKeyFile", "AuthToken",
		"ConfigPath", "Context", "UserAgent", "GRPCWeb", "GRPCWebRootPath", "Core", "PortForward",
		"PortForwardNamespace", "Headers", "HttpRetryMax", "KubeOverrides", "AppControllerName", "ServerName",
		"RedisHaProxyName", "RedisName", "RedisCompression", "RepoServerName", "PromptsEnabled",
	}
	var fields []string
	typ := reflect.TypeFor[apiclient.ClientOptions]()
	for i := range typ.NumField() {
		fields = append(fields, typ.Field(i).Name)
	}
	if diff := cmp.Diff(known, fields); diff != "" {
		t.Errorf("apiclient.ClientOptions fields changed; review clientOptions (-known +now):\n%s", diff)
	}
}

func TestClientOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want apiclient.ClientOptions
	}{
		{"OKPlaintext", Options{Server: "argocd:80", Plaintext: true, Token: config.NewSecret(tokBot)},
			apiclient.ClientOptions{ServerAddr: "argocd:80", PlainText: true, AuthToken: tokBot, ConfigPath: "/p", UserAgent: "deploybot"}},
		{"OKGRPCWeb", Options{Server: "argocd.example.com:443", GRPCWeb: true, GRPCWebRootPath: "/argo-cd", Token: config.NewSecret(tokBot)},
			apiclient.ClientOptions{ServerAddr: "argocd.example.com:443", GRPCWeb: true, GRPCWebRootPath: "/argo-cd", AuthToken: tokBot,
				ConfigPath: "/p", UserAgent: "deploybot"}},
		{"OKInsecure", Options{Server: "argocd.example.com:443", Insecure: true, Token: config.NewSecret(tokBot)},
			apiclient.ClientOptions{ServerAddr: "argocd.example.com:443", Insecure: true, AuthToken: tokBot, ConfigPath: "/p", UserAgent: "deploybot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.clientOptions("/p")); diff != "" {
				t.Errorf("clientOptions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want errResult
	}{
		{"OK", Options{Server: "argocd:443", Token: config.NewSecret(tokBot)}, errResult{}},
		{"ErrNoServer", Options{Token: config.NewSecret(tokBot)}, errResult{fault.CodeInvalid,
			"argocd.server is not set: deploybot needs the Argo CD API server's host:port"}},
		{"ErrNoToken", Options{Server: "argocd:443"}, errResult{fault.CodeInvalid,
			"ARGOCD_AUTH_TOKEN is not set: deploybot needs an Argo CD token for its project role"}},
		{"ErrBackoffInverted", Options{Server: "argocd:443", Token: config.NewSecret(tokBot), Backoff: Backoff{Min: time.Minute, Max: time.Second}},
			errResult{fault.CodeInvalid, "argocd backoff: max 1s is below min 1m0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if diff := cmp.Diff(tt.want, errOf(t, err)); diff != "" {
				t.Errorf("New (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOptionsFrom maps the argocd section and the token.
func TestOptionsFrom(t *testing.T) {
	cfg := &config.Config{ArgoCD: config.ArgoCDConfig{Server: "argocd:443", Insecure: true, AllowInsecure: true, GRPCWeb: true, GRPCWebRootPath: "/argo"}}
	got := OptionsFrom(cfg, config.Secrets{ArgoCDAuthToken: config.NewSecret(tokBot)}, nil)
	want := Options{Server: "argocd:443", Insecure: true, GRPCWeb: true, GRPCWebRootPath: "/argo", Token: config.NewSecret(tokBot)}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b config.Secret) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("OptionsFrom (-want +got):\n%s", diff)
	}
}
