package github_test

import (
	"bytes"
	"cmp"
	"context"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
)

const (
	gitops    = "acme/gitops"
	appRepo   = "acme/api"
	botToken  = "ghp_S3cretBotToken0123456789abcdefABCD"
	prodAPI   = "environments/production/api/config.yaml"
	stageAPI  = "environments/staging/api/config.yaml"
	prodBill  = "environments/production/billing/config.yaml"
	layoutDir = "../../testdata/layouts/config"
)

// testEnv is a githubfake server seeded with the "config" sample layout, a
// Client talking to it with the real go-github, and what the Client did.
type testEnv struct {
	srv   *githubfake.Server
	c     *github.Client
	cfg   *config.Config
	waits *waitLog
	logs  *syncBuffer
}

// newEnv starts the server and the client; opts adjust the client's
// options.
func newEnv(t *testing.T, opts ...func(*github.Options)) *testEnv {
	t.Helper()
	srv, err := githubfake.New(githubfake.Options{Dir: t.TempDir(), Token: botToken,
		Clock: stepClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)), Check: openapicheck.Check})
	must(t, err)
	t.Cleanup(func() { srv.ReportViolations(t) })
	t.Cleanup(srv.Close)
	must(t, srv.AddRepoFS(gitops, "main", os.DirFS(layoutDir+"/repo")))
	cfg, err := config.Load(layoutDir + "/deploybot.yaml")
	must(t, err)
	for i := range cfg.Environments {
		if cfg.Environments[i].Name == "production" {
			cfg.Environments[i].Labels = []string{"requires-review"}
		}
	}
	e := &testEnv{srv: srv, cfg: cfg, waits: &waitLog{}, logs: &syncBuffer{}}
	o := github.Options{Repository: gitops, BaseBranch: "main", APIURL: srv.URL() + "/api/v3/",
		Secrets:    config.Secrets{GitHubToken: config.NewSecret(botToken)},
		HTTPClient: srv.Client(), Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Retry: github.RetryPolicy{Sleep: e.waits.sleep}}
	for _, f := range opts {
		f(&o)
	}
	e.c, err = github.New(o)
	must(t, err)
	srv.ResetRequests()
	return e
}

// promotion is one planned promotion and the change request made of it.
type promotion struct {
	p    deploy.Promotion
	plan deploy.Plan
	req  deploy.ChangeRequest
}

// plan plans req on the client's view of the head, as the engine does,
// and builds the change request with deploy's branch, title and body.
func (e *testEnv) plan(t *testing.T, id string, req deploy.PlanRequest) promotion {
	t.Helper()
	ctx := context.Background()
	head, err := e.c.Head(ctx)
	must(t, err)
	fsys, err := e.c.Snapshot(ctx, head)
	must(t, err)
	plan, err := deploy.NewPlan(e.cfg, fsys, req)
	must(t, err)
	p := deploy.Promotion{ID: id, Kind: deploy.KindPromote, Service: plan.Service, Env: plan.Env,
		Requester: "U0123ABCD", Reason: "fix the token refresh",
		CreatedAt: time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)}
	if len(plan.Changes) == 1 {
		p.PreviousVersion, p.Version = plan.Changes[0].From, plan.Changes[0].To
	}
	env, err := e.cfg.ResolveEnvironment(plan.Env)
	must(t, err)
	title := deploy.PromotionTitle(p, plan)
	return promotion{p: p, plan: plan, req: deploy.ChangeRequest{Branch: deploy.PromotionBranch(p), BaseSHA: head,
		Files: plan.Files, Message: title, Title: title, Labels: env.Labels,
		Body: deploy.PromotionBody(deploy.PRBodyInput{Promotion: p, Plan: plan})}}
}

// open plans and opens a promotion, failing the test on error.
func (e *testEnv) open(t *testing.T, id string, req deploy.PlanRequest) (promotion, deploy.PullRequest) {
	t.Helper()
	pr := e.plan(t, id, req)
	got, err := e.c.OpenChange(context.Background(), pr.req)
	must(t, err)
	return pr, got
}

// requests lists the requests answered since the last reset as
// "METHOD /path STATUS".
func (e *testEnv) requests() []string {
	var out []string
	for _, r := range e.srv.Requests() {
		out = append(out, r.Method+" "+r.Path+" "+strconv.Itoa(r.Status))
	}
	return out
}

// changedPaths returns the paths commit sha changes against its first
// parent, sorted, read from the bare repository with go-git.
func changedPaths(t *testing.T, srv *githubfake.Server, sha string) []string {
	t.Helper()
	g, err := git.PlainOpen(srv.GitDir(gitops))
	must(t, err)
	c, err := g.CommitObject(plumbing.NewHash(sha))
	must(t, err)
	parent, err := c.Parent(0)
	must(t, err)
	a, err := parent.Tree()
	must(t, err)
	b, err := c.Tree()
	must(t, err)
	changes, err := object.DiffTree(a, b)
	must(t, err)
	var out []string
	for _, ch := range changes {
		out = append(out, cmp.Or(ch.To.Name, ch.From.Name))
	}
	slices.Sort(out)
	return out
}

// waitLog records the waits of the retry policy instead of sleeping.
type waitLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitLog) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waits = append(w.waits, d)
	return ctx.Err()
}

func (w *waitLog) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.waits)
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
// integrations/argocd's tests have the same one; they stay apart (see
// there).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// stepClock advances a second per call, so commits are deterministic and
// every change of a pull request changes its updated_at (and ETag).
// githubfake's own tests have the same clock; one copy would have to be
// exported by githubfake (e.g. a StepClock beside Options.Clock).
func stepClock(t0 time.Time) func() time.Time {
	var mu sync.Mutex
	now := t0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
