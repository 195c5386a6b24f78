package serve

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github"
)

// flakyPort is a fixed address in front of a stand-in that is down
// (nothing listens there: connection refused) or up (each connection is
// piped to the stand-in).
type flakyPort struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

// newFlakyPort reserves an address for target; it starts down.
func newFlakyPort(t *testing.T, target string) *flakyPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &flakyPort{t: t, addr: ln.Addr().String(), target: target}
	_ = ln.Close()
	t.Cleanup(f.down)
	return f
}

// up starts listening and piping to the target.
func (f *flakyPort) up() {
	f.t.Helper()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		f.t.Fatalf("listen on %s again: %v", f.addr, err)
	}
	f.mu.Lock()
	f.ln = ln
	f.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.pipe(c)
		}
	}()
}

func (f *flakyPort) pipe(c net.Conn) {
	back, err := net.Dial("tcp", f.target)
	if err != nil {
		_ = c.Close()
		return
	}
	f.mu.Lock()
	f.conns = append(f.conns, c, back)
	f.mu.Unlock()
	go func() { _, _ = io.Copy(back, c); _ = back.Close() }()
	_, _ = io.Copy(c, back)
	_ = c.Close()
}

// down stops listening and cuts every piped connection.
func (f *flakyPort) down() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ln != nil {
		_ = f.ln.Close()
		f.ln = nil
	}
	for _, c := range f.conns {
		_ = c.Close()
	}
	f.conns = nil
}

// hostOf returns the host:port of a URL.
func hostOf(t *testing.T, s string) string {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// readyz returns the status and body of GET /readyz.
func readyz(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeWaitsForDependencies(t *testing.T) {
	cfgPath, _ := writeConfig(t, t.TempDir())
	logs := &syncBuffer{}
	o, si := standInServers(t, cfgPath, logs)
	slack := newFlakyPort(t, hostOf(t, si.slack.URL()))
	gh := newFlakyPort(t, hostOf(t, si.github.URL()))
	argo := newFlakyPort(t, si.argo.Addr())
	o.SlackAPIURL = "http://" + slack.addr + "/api/"
	o.Config.GitHub.APIURL = "http://" + gh.addr + "/"
	o.Config.ArgoCD.Server = argo.addr
	o.Listen = freeAddr(t)
	o.DependencyRetry = DependencyRetry{Min: 20 * time.Millisecond, Max: 200 * time.Millisecond, Every: 200 * time.Millisecond}
	o.GitHubRetry = github.RetryPolicy{MaxAttempts: 1}
	ready := make(chan string, 1)
	o.Ready = func(a string) { ready <- a }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()

	waitReadyz := func(what string, code int, lines ...string) string {
		t.Helper()
		var body string
		var got int
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case err := <-done:
				t.Fatalf("serve ended while waiting for %s: %v", what, err)
			default:
			}
			if got, body = readyz(t, o.Listen); got == code && containsAll(body, lines) && !strings.Contains(body, "not checked yet") {
				return body
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("/readyz never showed %s; last %d:\n%s", what, got, body)
		return ""
	}
	body := waitReadyz("every dependency down", http.StatusServiceUnavailable, "not ready\n", "store: ready\n",
		"slack: not ready: slack auth.test: ", "github: not ready: ", "argocd: not ready: ")
	for _, l := range strings.Split(strings.TrimSpace(body), "\n")[2:] {
		if !strings.Contains(l, "connection refused") && !strings.Contains(l, argo.addr) {
			t.Errorf("/readyz does not say why %s:\n%s", l, body)
		}
	}
	select {
	case <-ready:
		t.Fatal("Ready called while every dependency is down")
	default:
	}

	slack.up()
	gh.up()
	waitReadyz("Slack and GitHub up, Argo CD down", http.StatusServiceUnavailable,
		"slack: ready\n", "github: ready\n", "argocd: not ready: ")
	argo.up()
	waitReadyz("everything up", http.StatusOK, "ready\n", "slack: ready\n", "github: ready\n", "argocd: ready\n")
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Error("Ready not called once everything answers")
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve = %v after SIGTERM, want nil", err)
	}
	out := logs.String()
	for _, dep := range []string{depSlack, depGitHub, depArgoCD} {
		if !strings.Contains(out, `"msg":"dependency not available; retrying","component":"serve","dependency":"`+dep+`","attempt":1,"reason":`) {
			t.Errorf("logs lack the first failure of %s:\n%s", dep, out)
		}
	}
	noSecrets(t, out)
	noSecrets(t, body)
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func TestServeRefusedCredentials(t *testing.T) {
	tests := []struct {
		name string
		env  string // the variable whose value the stand-in does not accept
		msg  string
	}{
		{"ErrGitHubToken", "GITHUB_TOKEN", "GitHub refused deploybot's credentials (GITHUB_TOKEN or the GitHub App): GitHub rejected the credentials"},
		{"ErrArgoCDToken", "ARGOCD_AUTH_TOKEN", "Argo CD refused deploybot's credentials (ARGOCD_AUTH_TOKEN): Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN)"},
		{"ErrSlackBotToken", "SLACK_BOT_TOKEN", "Slack refused deploybot's token (SLACK_BOT_TOKEN)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfgPath, _ := writeConfig(t, t.TempDir())
			logs := &syncBuffer{}
			o, _ := standInServers(t, cfgPath, logs)
			env := goodEnv()
			wrong := map[string]string{"GITHUB_TOKEN": "ghp_wrongwrongwrongwrong0123456789abcd",
				"ARGOCD_AUTH_TOKEN": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvdGhlciJ9.wrongsignature",
				"SLACK_BOT_TOKEN":   "xoxb-9999-8888-wrongbottoken"}
			env[tt.env] = wrong[tt.env]
			secrets, err := config.LoadSecrets(func(k string) string { return env[k] }, os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			o.Secrets = secrets
			o.DependencyRetry = DependencyRetry{Min: 20 * time.Millisecond, Max: 100 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = Run(ctx, o)
			if errors.Is(err, context.DeadlineExceeded) || err == nil {
				t.Fatalf("serve = %v, want it to stop on the refused %s", err, tt.env)
			}
			if code := fault.ErrorCode(err); code != fault.CodeInvalid || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("serve = %v (%s), want a startup error (invalid: exit 2) with %q", err, code, tt.msg)
			}
			for _, out := range []string{err.Error(), logs.String()} {
				noSecrets(t, out)
				if strings.Contains(out, wrong[tt.env]) {
					t.Errorf("the refused token is shown:\n%s", out)
				}
			}
		})
	}
}
