package localapi

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
)

// Tokens of the tests. The automation's is read from the environment the
// test config names.
const (
	ciToken   = "ci-token-0123456789abcdef"
	samToken  = "ghp_SamPersonalToken0123456789abcdef"
	evaToken  = "ghp_EvaIsNotInPeople0123456789abcdef"
	botToken  = "ghp_TheBotsOwnToken0123456789abcdef"
	samSlack  = "U0SAMLEAD"
	testRepo  = "acme/gitops"
	ciEnvName = "CI_TOKEN"
)

// testConfig: staging and production; automation ci may act in staging;
// people maps sam.
const testConfig = `
slack: {channel: C0123456789}
github: {repository: acme/gitops}
argocd: {server: "argocd:443"}
store: {path: deploybot.db}
environments:
  - {name: staging, aliases: [stg]}
  - {name: production, aliases: [prod], after: staging, approvals: 1, approvers: [U0SAMLEAD]}
services:
  api:
    files:
      - {path: "envs/{env}/api.yaml", key: image.tag}
people:
  U0SAMLEAD: sam
automation:
  - {name: ci, token: {env: CI_TOKEN}, environments: [staging]}
`

// world is a config, a GitHub stand-in that knows sam, eva and the bot,
// and a Verifier over them.
type world struct {
	cfg      *config.Config
	gh       *githubfake.Server
	verifier *Verifier
	ghCalls  *atomic.Int64 // requests to GitHub
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg, err := config.Parse("deploybot.yaml", []byte(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := config.LoadAutomationTokens(cfg, func(name string) string {
		if name == ciEnvName {
			return ciToken
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	gh, err := githubfake.New(githubfake.Options{Dir: t.TempDir(), Token: botToken, Login: "deploybot[bot]",
		Check: openapicheck.Check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gh.ReportViolations(t) })
	t.Cleanup(gh.Close)
	gh.AddToken(samToken, githubfake.Token{Login: "sam"})
	gh.AddToken(evaToken, githubfake.Token{Login: "eva"})
	calls := &atomic.Int64{}
	client := gh.Client()
	client.Transport = countingTransport{inner: client.Transport, n: calls}
	v := NewVerifier(VerifierOptions{Config: cfg, Tokens: tokens, GitHubAPI: gh.URL(), HTTPClient: client})
	return &world{cfg: cfg, gh: gh, verifier: v, ghCalls: calls}
}

// countingTransport counts requests.
type countingTransport struct {
	inner http.RoundTripper
	n     *atomic.Int64
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.inner.RoundTrip(r)
}

// fakeEngine records every call and answers with its canned result.
type fakeEngine struct {
	mu    sync.Mutex
	calls []string
	who   []deploy.Person
	err   error
}

func (f *fakeEngine) record(call string, who deploy.Person) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	f.who = append(f.who, who)
}

func (f *fakeEngine) Request(_ context.Context, req deploy.Request) (deploy.Promotion, error) {
	f.record("request "+req.Service+" "+string(req.Version)+" "+req.Env+" "+req.Reason, req.Requester)
	return deploy.Promotion{ID: "p1", Service: req.Service, Env: req.Env, Version: req.Version,
		Requester: req.Requester.ID, State: deploy.StatePROpen}, f.err
}

func (f *fakeEngine) Approve(_ context.Context, id string, who deploy.Person) (deploy.Promotion, error) {
	f.record("approve "+id, who)
	return deploy.Promotion{ID: id, State: deploy.StateApproved}, f.err
}

func (f *fakeEngine) Cancel(_ context.Context, id string, who deploy.Person) (deploy.Promotion, error) {
	f.record("cancel "+id, who)
	return deploy.Promotion{ID: id, State: deploy.StateCancelled}, f.err
}

func (f *fakeEngine) Rollback(_ context.Context, req deploy.RollbackRequest) (deploy.Promotion, error) {
	f.record("rollback "+req.PromotionID+req.Service+" "+req.Env, req.Person)
	return deploy.Promotion{ID: "r1", Kind: deploy.KindRollback, Service: req.Service, Env: req.Env}, f.err
}

func (f *fakeEngine) got() ([]string, []deploy.Person) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...), append([]deploy.Person(nil), f.who...)
}

// fakeStore serves one promotion, its audit events and a fixed snapshot.
type fakeStore struct {
	promotions map[string]deploy.Promotion
	events     []deploy.AuditEvent
	snapshot   string
}

func (s *fakeStore) AuditSince(seq uint64, limit int) ([]deploy.AuditEvent, error) {
	var out []deploy.AuditEvent
	for _, ev := range s.events {
		if ev.Seq > seq && len(out) < limit {
			out = append(out, ev)
		}
	}
	return out, nil
}

func (s *fakeStore) GetPromotion(id string) (deploy.Promotion, error) {
	p, ok := s.promotions[id]
	if !ok {
		return p, fault.Errorf(fault.CodeNotFound, "There is no promotion %s.", id)
	}
	return p, nil
}

func (s *fakeStore) StreamBackup(w io.Writer, size func(int64)) (int64, error) {
	size(int64(len(s.snapshot)))
	n, err := io.Copy(w, strings.NewReader(s.snapshot))
	return n, err
}

// api is a Server on a real Unix socket (and TCP), with clients.
type api struct {
	*world
	engine *fakeEngine
	store  *fakeStore
	socket string
	tcpURL string
}

// newAPI serves the API until the test ends.
func newAPI(t *testing.T) *api {
	t.Helper()
	w := newWorld(t)
	a := &api{world: w, engine: &fakeEngine{}, store: &fakeStore{
		promotions: map[string]deploy.Promotion{
			"p1": {ID: "p1", Service: "api", Env: "staging", State: deploy.StatePROpen},
			"p2": {ID: "p2", Service: "api", Env: "production", State: deploy.StateSucceeded},
		},
		events: []deploy.AuditEvent{
			{Seq: 1, PromotionID: "p1", Actor: "automation:ci", Action: "request", To: deploy.StateRequested},
			{Seq: 2, PromotionID: "p2", Actor: samSlack, Action: "approve", Reason: "1 of 1 approvals"},
			{Seq: 3, PromotionID: "p1", Actor: "github", Action: "pr_opened", From: deploy.StateRequested, To: deploy.StatePROpen},
		},
		snapshot: "a consistent snapshot",
	}}
	srv, err := New(Options{Config: w.cfg, Engine: a.engine, Store: a.store, Verifier: w.verifier})
	if err != nil {
		t.Fatal(err)
	}
	// Unix socket paths are limited to about 100 bytes; t.TempDir can be longer.
	a.socket = filepath.Join(shortTempDir(t), "deploybot.db.sock")
	unix, tcp, err := Listen(a.socket, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a.tcpURL = "http://" + tcp.Addr().String() + "/"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, unix, tcp) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return a
}

// client returns a client on the socket with token.
func (a *api) client(token string) *Client {
	return NewClient(ClientOptions{Socket: a.socket, Token: config.NewSecret(token)})
}
