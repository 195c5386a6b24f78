package serve

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/deploybot/deploybot/store"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// standIns starts the three stand-ins and returns serve's options for
// them, with the config at cfgPath and logs going to logs.
func standIns(t testing.TB, cfgPath string, logs io.Writer) Options {
	t.Helper()
	o, _ := standInServers(t, cfgPath, logs)
	return o
}

// testStandIns are the stand-ins serve's tests run against.
type testStandIns struct {
	slack  *slackfake.Server
	github *githubfake.Server
	argo   *argocdfake.Server
}

// standInServers starts the three stand-ins, with the GitOps repository
// (acme/gitops) on GitHub and the Argo CD token allowed everything, and
// returns serve's options for them and the servers.
func standInServers(t testing.TB, cfgPath string, logs io.Writer) (Options, testStandIns) {
	t.Helper()
	sl := slackfake.New(slackfake.Options{BotToken: testBotToken, AppToken: testAppToken})
	t.Cleanup(sl.Close)
	gh, err := githubfake.New(githubfake.Options{Dir: t.TempDir(), Token: testGitHubToken, Check: openapicheck.Check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gh.Close)
	t.Cleanup(func() { gh.ReportViolations(t) })
	if err := gh.AddRepo("acme/gitops", "main", map[string][]byte{"README.md": []byte("GitOps\n")}); err != nil {
		t.Fatal(err)
	}
	ar, err := argocdfake.New(argocdfake.Options{Source: argocdfake.NewMemSource(),
		Tokens: map[string]argocdfake.Permissions{testArgoToken: argocdfake.AllowAll("deploybot")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.Close() })
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.GitHub.APIURL = gh.URL() + "/"
	cfg.ArgoCD.Server, cfg.ArgoCD.Plaintext, cfg.ArgoCD.Insecure = ar.Addr(), true, false
	secrets, err := config.LoadSecrets(func(k string) string { return goodEnv()[k] }, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return Options{Config: cfg, Secrets: secrets, Logger: logger, SlackAPIURL: sl.APIURL(),
		Listen: "127.0.0.1:0", TickEvery: 50 * time.Millisecond}, testStandIns{slack: sl, github: gh, argo: ar}
}

// runServe starts serve with o and returns the HTTP address once it is
// ready, and a function that stops it and returns its error.
func runServe(t testing.TB, o Options) (addr string, stop func() error) {
	t.Helper()
	ready := make(chan string, 1)
	o.Ready = func(a string) { ready <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before it was ready: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("serve not ready after 20s")
	}
	return addr, func() error { cancel(); return <-done }
}

func TestServeAgainstStandIns(t *testing.T) {
	cfgPath, storePath := writeConfig(t, t.TempDir())
	logs := &syncBuffer{}
	addr, stop := runServe(t, standIns(t, cfgPath, logs))
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code := get(t, addr, path); code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, code)
		}
	}
	body := fetch(t, "http://"+addr+"/metrics")
	for _, want := range []string{"deploybot_watches_running 0", "deploybot_slack_ack_seconds_count 0", "process_resident_memory_bytes",
		// the bot's Web API calls go through serve's counting transport
		`deploybot_external_calls_total{op="auth.test",service="slack"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve = %v after SIGTERM, want nil", err)
	}
	s, err := store.Open(store.Options{Path: storePath, Timeout: time.Second})
	if err != nil {
		t.Fatalf("the store was not released: %v", err)
	}
	_ = s.Close()
	out := logs.String()
	noSecrets(t, out)
	for _, want := range []string{`"component":"serve"`, `"msg":"deploybot ready: store open, Slack connected, GitHub and Argo CD answering"`, `"msg":"store closed"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
}

// fetch returns the body of GET url.
func fetch(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
