package metrics

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// fakeCluster answers every call with err.
type fakeCluster struct{ err error }

func (f fakeCluster) Observe(context.Context, string) (deploy.Rollout, error) {
	return deploy.Rollout{}, f.err
}
func (f fakeCluster) Watch(context.Context, string, func(deploy.Rollout)) error { return f.err }
func (f fakeCluster) Sync(context.Context, string, string, bool) error          { return f.err }

// scrape serves m's handler over HTTP and returns the text it answers.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestMetricsScrape(t *testing.T) {
	m := New(func() int { return 3 })
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "pulls"):
			w.WriteHeader(http.StatusOK)
		case strings.Contains(r.URL.Path, "contents"):
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(http.StatusForbidden)
		default:
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer upstream.Close()
	gh := m.WrapClient(nil, ServiceGitHub)
	for _, p := range []string{"/repos/acme/gitops/pulls/1", "/repos/acme/gitops/contents/a.yaml", "/api/chat.postMessage"} {
		resp, err := gh.Get(upstream.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	sl := m.WrapClient(nil, ServiceSlack)
	if resp, err := sl.Post(upstream.URL+"/api/chat.postMessage", "text/plain", nil); err == nil {
		resp.Body.Close()
	}
	c := Cluster{Inner: fakeCluster{}, Metrics: m}
	_, _ = c.Observe(context.Background(), "api-prod")
	c = Cluster{Inner: fakeCluster{err: fault.Errorf(fault.CodeNotFound, "no app")}, Metrics: m}
	_ = c.Sync(context.Background(), "api-prod", "abc", false)
	m.ObserveAck(20 * time.Millisecond)

	n := &Notifier{Metrics: m}
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	p := deploy.Promotion{ID: "p1", Env: "production", State: deploy.StateWatching, CreatedAt: t0, HealthyAt: t0.Add(5 * time.Minute)}
	_, _ = n.Notify(context.Background(), deploy.Notice{Promotion: p, Kind: deploy.NoticeDeployed})
	p.State = deploy.StateSucceeded
	for range 2 { // a repeated notice counts once
		_, _ = n.Notify(context.Background(), deploy.Notice{Promotion: p, Kind: deploy.NoticeWindowEnded})
	}

	got := scrape(t, m)
	for _, want := range []string{
		`deploybot_promotions_total{env="production",outcome="succeeded"} 1`,
		`deploybot_watches_running 3`,
		`deploybot_promotion_duration_seconds_sum{env="production"} 300`,
		`deploybot_promotion_duration_seconds_count{env="production"} 1`,
		`deploybot_slack_ack_seconds_count 1`,
		`deploybot_external_calls_total{op="GET pulls",service="github"} 1`,
		`deploybot_external_errors_total{kind="rate_limited",op="GET contents",service="github"} 1`,
		`deploybot_external_errors_total{kind="server_error",op="GET other",service="github"} 1`,
		`deploybot_external_errors_total{kind="server_error",op="chat.postMessage",service="slack"} 1`,
		`deploybot_external_calls_total{op="observe",service="argocd"} 1`,
		`deploybot_external_errors_total{kind="not_found",op="sync",service="argocd"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", got)
	}
}

func TestOperationIsBounded(t *testing.T) {
	tests := []struct{ service, method, path, want string }{
		{ServiceSlack, "POST", "/api/chat.update", "chat.update"},
		{ServiceSlack, "POST", "/api/../../etc/passwd", "other"},
		{ServiceGitHub, "POST", "/api/v3/repos/acme/gitops/git/refs", "POST git"},
		{ServiceGitHub, "GET", "/repos/acme/gitops/whatever/x", "GET other"},
		{ServiceGitHub, "POST", "/app/installations/1/access_tokens", "POST installations"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, "http://x"+tt.path, nil)
		if got := operation(tt.service, req); got != tt.want {
			t.Errorf("operation(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
