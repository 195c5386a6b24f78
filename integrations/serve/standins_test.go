package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
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
func standIns(t *testing.T, cfgPath string, logs io.Writer) Options {
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
func standInServers(t *testing.T, cfgPath string, logs io.Writer) (Options, testStandIns) {
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
func runServe(t *testing.T, o Options) (addr string, stop func() error) {
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
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestMeasureStartup measures serve's start-up with 10,000 finished and
// 100 unfinished promotions in the store, against the stand-ins. Set
// DEPLOYBOT_MEASURE=1 to run it.
func TestMeasureStartup(t *testing.T) {
	if os.Getenv("DEPLOYBOT_MEASURE") == "" {
		t.Skip("set DEPLOYBOT_MEASURE=1 to measure start-up")
	}
	cfgPath, storePath := writeConfig(t, t.TempDir())
	seedMany(t, storePath, 10000, 100)
	o := standIns(t, cfgPath, io.Discard)
	o.TickEvery = 0 // the default, as in production
	start := time.Now()
	_, stop := runServe(t, o)
	took := time.Since(start)
	time.Sleep(3 * time.Second)
	cpu0 := cpuTime(t)
	time.Sleep(10 * time.Second)
	idleCPU := (cpuTime(t) - cpu0) / 10
	t.Logf("idle, 3s after ready (test process: serve plus the stand-ins): RSS %s, CPU %.2f%% of one core over 10s",
		rss(t), 100*idleCPU.Seconds())
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(storePath)
	t.Logf("start-up to ready with 10,000 finished and 100 unfinished promotions (store %d KiB): %v", fi.Size()/1024, took)
}

// seedMany writes finished and unfinished promotions into a new store.
func seedMany(t *testing.T, path string, finished, unfinished int) {
	t.Helper()
	s, err := store.Open(store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	services, envs := []string{"api", "checkout", "web"}, []string{"staging", "production"}
	err = s.Update(func(tx *store.Tx) error {
		for i := range finished + unfinished {
			p := deploy.Promotion{ID: fmt.Sprintf("p%07d", i), Kind: deploy.KindPromote,
				Service: services[i%3], Env: envs[i%2], Version: deploy.Version(fmt.Sprintf("v1.%d.0", i)),
				Requester: "U0123ABCD", State: deploy.StateSucceeded, CreatedAt: t0.Add(time.Duration(i) * time.Minute)}
			p.UpdatedAt, p.FinishedAt = p.CreatedAt, p.CreatedAt
			if i >= finished {
				p.State, p.FinishedAt = deploy.StateWatching, time.Time{}
				p.WatchUntil = time.Now().Add(time.Hour)
			}
			if err := tx.PutPromotion(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rss returns the process's resident set size from /proc/self/status.
func rss(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:"))
		}
	}
	return "unknown"
}

// cpuTime returns the user and system CPU time the process used so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
