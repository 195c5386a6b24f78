package githubfake

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/google/go-github/v60/github"
)

const (
	botToken   = "ghp_bot"
	aliceToken = "ghp_alice"
	gitops     = "acme/gitops"
	configPath = "environments/production/api/config.yaml"
)

var (
	configV1 = []byte("service:\n  name: api\n  chartTag: api-v9.1.0\n  replicas: 3\n  resources:\n    cpu: 100m\n")
	configV2 = []byte("service:\n  name: api\n  chartTag: api-v9.1.1\n  replicas: 3\n  resources:\n    cpu: 100m\n")
	// configCPU changes another line of configV1, two lines from the tag.
	configCPU = []byte("service:\n  name: api\n  chartTag: api-v9.1.0\n  replicas: 3\n  resources:\n    cpu: 200m\n")
)

// stepClock returns a clock that starts at t0 and advances a second per
// call, so every commit has a distinct, deterministic timestamp.
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

// newServer starts a server with the GitOps repo seeded, a bot token and a
// token for the person "alice".
func newServer(t *testing.T) *Server {
	t.Helper()
	srv, err := New(Options{Dir: t.TempDir(), Token: botToken,
		Clock: stepClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)), Check: openapicheck.Check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.ReportViolations(t) })
	t.Cleanup(srv.Close)
	srv.AddToken(aliceToken, Token{Login: "alice"})
	err = srv.AddRepo(gitops, "main", map[string][]byte{
		configPath:                             configV1,
		"environments/staging/api/config.yaml": configV2,
		"README.md":                            []byte("# GitOps\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// addLabels adds labels to pull request n of acme/gitops with the body
// GitHub's description documents, {"labels": [...]} (go-github's
// AddLabelsToIssue sends a bare array).
func addLabels(ctx context.Context, c *github.Client, n int, names ...string) ([]*github.Label, error) {
	req, err := c.NewRequest(http.MethodPost, fmt.Sprintf("repos/acme/gitops/issues/%d/labels", n),
		map[string][]string{"labels": names})
	if err != nil {
		return nil, err
	}
	var out []*github.Label
	_, err = c.Do(ctx, req, &out)
	return out, err
}

// clientFor returns a real go-github client for the server, the Enterprise
// way (…/api/v3/).
func clientFor(t *testing.T, srv *Server, token string) *github.Client {
	t.Helper()
	c := github.NewClient(nil)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	c, err := c.WithEnterpriseURLs(srv.URL()+"/", srv.URL()+"/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// statusOf returns the HTTP status and message of a go-github error.
func statusOf(err error) (int, string) {
	var er *github.ErrorResponse
	if errors.As(err, &er) {
		msg := er.Message
		for _, e := range er.Errors {
			msg += " | " + e.Message
		}
		return er.Response.StatusCode, msg
	}
	var ab *github.AbuseRateLimitError
	if errors.As(err, &ab) {
		return ab.Response.StatusCode, ab.Message
	}
	if err != nil {
		return -1, err.Error()
	}
	return http.StatusOK, ""
}

// promote makes the promotion branch and pull request through the Git data
// API, as the client does: blob, tree, commit, ref, pull request.
func promote(t *testing.T, c *github.Client, branch string, content []byte) *github.PullRequest {
	t.Helper()
	ctx := context.Background()
	ref, _, err := c.Git.GetRef(ctx, "acme", "gitops", "heads/main")
	if err != nil {
		t.Fatal(err)
	}
	base, _, err := c.Git.GetCommit(ctx, "acme", "gitops", ref.GetObject().GetSHA())
	if err != nil {
		t.Fatal(err)
	}
	tree, _, err := c.Git.CreateTree(ctx, "acme", "gitops", base.GetTree().GetSHA(), []*github.TreeEntry{
		{Path: github.String(configPath), Mode: github.String("100644"), Type: github.String("blob"),
			Content: github.String(string(content))},
	})
	if err != nil {
		t.Fatal(err)
	}
	commit, _, err := c.Git.CreateCommit(ctx, "acme", "gitops", &github.Commit{Message: github.String("promote api"),
		Tree: tree, Parents: []*github.Commit{{SHA: base.SHA}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Git.CreateRef(ctx, "acme", "gitops", &github.Reference{Ref: github.String("refs/heads/" + branch),
		Object: &github.GitObject{SHA: commit.SHA}})
	if err != nil {
		t.Fatal(err)
	}
	pr, _, err := c.PullRequests.Create(ctx, "acme", "gitops", &github.NewPullRequest{
		Title: github.String("promote(production): api 9.1.0 → 9.1.1"), Head: github.String(branch),
		Base: github.String("main"), Body: github.String("body")})
	if err != nil {
		t.Fatal(err)
	}
	return pr
}
