package enginetest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/deploybot/deploybot/store"
)

const (
	gitops    = "acme/gitops"
	ghToken   = "ghp_EngineTestToken0123456789abcdefABCD"
	argoToken = "eyJhbGciOiJIUzI1NiJ9.enginetest.sig"
	layoutDir = "../../testdata/layouts/config"
	prodFile  = "environments/production/api/config.yaml"
	stgFile   = "environments/staging/api/config.yaml"
	maria     = "UMARIA"    // requester
	sam       = "U0123ABCD" // approver
	lee       = "ULEE"      // second approver
	eve       = "UEVE"      // nobody special
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday

// world is everything that outlives an engine: the stand-ins, the clock,
// the notices and the store file.
type world struct {
	t      *testing.T
	gh     *githubfake.Server
	argo   *argocdfake.Server
	clock  *argocdfake.FakeClock
	cfg    *config.Config
	dbPath string
	notes  *recorder
	ids    *idSeq

	st  *store.Store
	eng *deploy.Engine
}

// newWorld starts the stand-ins seeded with the config layout (api runs
// v9.1.0 in production, v9.1.1 in staging, healthy since t0), opens the
// store and builds an engine. adjust may change production's config.
func newWorld(t *testing.T, adjust func(env *config.Environment)) *world {
	t.Helper()
	clock := argocdfake.NewFakeClock(t0)
	gh, err := githubfake.New(githubfake.Options{Dir: t.TempDir(), Token: ghToken, Clock: clock.Now,
		Check: openapicheck.Check})
	must(t, err)
	t.Cleanup(func() { gh.ReportViolations(t) })
	t.Cleanup(gh.Close)
	must(t, gh.AddRepoFS(gitops, "main", os.DirFS(layoutDir+"/repo")))
	cfg, err := config.Load(layoutDir + "/deploybot.yaml")
	must(t, err)
	for i := range cfg.Environments {
		env := &cfg.Environments[i]
		if env.Name == "production" {
			env.Approvers = []string{sam, lee}
			env.Labels = []string{"requires-review"}
			env.Monitoring = "https://grafana.example.com/d/{service}?var-env={env}"
			if adjust != nil {
				adjust(env)
			}
		}
	}
	argo, err := argocdfake.New(argocdfake.Options{Source: ghSource{gh}, Clock: clock,
		Tokens: map[string]argocdfake.Permissions{argoToken: argocdfake.AllowAll("deploybot")}})
	must(t, err)
	t.Cleanup(func() { _ = argo.Close() })
	ctx := context.Background()
	must(t, argo.AddApp(ctx, argocdfake.AppSpec{Name: "api-staging", Repo: gitops, Paths: []string{stgFile}, Automated: true}))
	must(t, argo.AddApp(ctx, argocdfake.AppSpec{Name: "api-production", Repo: gitops, Paths: []string{prodFile}}))
	w := &world{t: t, gh: gh, argo: argo, clock: clock, cfg: cfg, dbPath: filepath.Join(t.TempDir(), "deploybot.db"),
		notes: &recorder{}, ids: &idSeq{}}
	w.start()
	t.Cleanup(w.stop)
	return w
}

// start opens the store and builds a new engine over it, as a restarted
// deploybot would.
func (w *world) start() {
	w.t.Helper()
	st, err := store.Open(store.Options{Path: w.dbPath})
	must(w.t, err)
	logger := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	repo, err := github.New(github.Options{Repository: gitops, BaseBranch: "main", APIURL: w.gh.URL() + "/api/v3/",
		Secrets: config.Secrets{GitHubToken: config.NewSecret(ghToken)}, HTTPClient: w.gh.Client(), Logger: logger,
		Retry: github.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
	must(w.t, err)
	cluster, err := argocd.New(argocd.Options{Server: w.argo.Addr(), Plaintext: true, Token: config.NewSecret(argoToken),
		Logger: logger, Now: w.clock.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	must(w.t, err)
	w.eng, err = deploy.New(deploy.Options{Config: w.cfg, Repo: repo, Cluster: cluster, Store: store.ForEngine(st),
		Notifier: w.notes, Clock: w.clock, Logger: logger, NewID: w.ids.next})
	must(w.t, err)
	w.st = st
	w.t.Cleanup(func() { _ = cluster.Close() })
}

// stop closes the store; the engine is dropped.
func (w *world) stop() {
	if w.st != nil {
		_ = w.st.Close()
		w.st, w.eng = nil, nil
	}
}

// restart stops and starts again on the same store file.
func (w *world) restart() {
	w.stop()
	w.start()
}

// advance moves the clock and lets Argo CD's controller run.
func (w *world) advance(d time.Duration) {
	w.t.Helper()
	must(w.t, w.argo.Advance(context.Background(), d))
}

// tick runs one engine pass, failing the test on error.
func (w *world) tick() {
	w.t.Helper()
	if err := w.eng.Tick(context.Background()); err != nil {
		w.t.Fatalf("Tick: %v", err)
	}
}

// get returns the stored promotion id.
func (w *world) get(id string) deploy.Promotion {
	w.t.Helper()
	p, err := w.st.GetPromotion(id)
	must(w.t, err)
	return p
}

// request asks for api v9.1.1 in production by maria after the soak.
func (w *world) request() deploy.Promotion {
	w.t.Helper()
	p, err := w.eng.Request(context.Background(), deploy.Request{Service: "api", Env: "prod",
		Requester: deploy.Person{ID: maria}, Reason: "fix the token refresh"})
	must(w.t, err)
	return p
}

// runUntil advances the clock in steps, ticking, until p is in one of
// states or the budget is spent.
func (w *world) runUntil(id string, step, budget time.Duration, states ...deploy.State) deploy.Promotion {
	w.t.Helper()
	for spent := time.Duration(0); ; spent += step {
		w.tick()
		p := w.get(id)
		for _, s := range states {
			if p.State == s {
				return p
			}
		}
		if spent >= budget {
			w.t.Fatalf("promotion %s is %s (%s) after %s, want one of %v", id, p.State, p.StateReason, budget, states)
		}
		w.advance(step)
	}
}

// prs returns the pull requests of the GitOps repo.
func (w *world) prs() []githubfake.PullRequest { return w.gh.PRs(gitops) }

// ghSource lets argocdfake's Applications follow githubfake's repository.
type ghSource struct{ gh *githubfake.Server }

func (s ghSource) Head(_ context.Context, repo, branch string) (string, error) {
	if h := s.gh.Head(repo, branch); h != "" {
		return h, nil
	}
	return "", fmt.Errorf("no branch %s in %s", branch, repo)
}

func (s ghSource) Changed(_ context.Context, repo, from, to string, paths []string) (bool, error) {
	for _, p := range paths {
		a, errA := s.gh.File(repo, from, p)
		b, errB := s.gh.File(repo, to, p)
		if (errA == nil) != (errB == nil) || !bytes.Equal(a, b) {
			return true, nil
		}
	}
	return false, nil
}

// recorder is a Notifier that records every notice and answers with one
// message per promotion.
type recorder struct {
	mu      sync.Mutex
	notices []deploy.Notice
	posts   int
}

func (r *recorder) Notify(_ context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n)
	if n.Promotion.Slack != (deploy.MessageRef{}) {
		return n.Promotion.Slack, nil
	}
	r.posts++
	return deploy.MessageRef{Channel: "C0123456789", TS: fmt.Sprintf("1700000000.%06d", r.posts)}, nil
}

// of returns the kinds noticed for promotion id, in order, and the
// message refs they carried (after the first).
func (r *recorder) of(id string) (kinds []deploy.NoticeKind, refs []deploy.MessageRef) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.notices {
		if n.Promotion.ID == id {
			kinds = append(kinds, n.Kind)
			refs = append(refs, n.Promotion.Slack)
		}
	}
	return kinds, refs
}

// idSeq hands out p1, p2, …
type idSeq struct {
	mu sync.Mutex
	n  int
}

func (s *idSeq) next() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return fmt.Sprintf("p%d", s.n)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
