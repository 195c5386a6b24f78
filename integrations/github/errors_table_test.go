package github_test

import (
	"context"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// ghOp is one operation of the client, called after setup has prepared
// what it needs (an open pull request) on a working client.
type ghOp struct {
	name string
	call func(ctx context.Context, c *github.Client, f opFixture) error
}

// opFixture is what the operations work on.
type opFixture struct {
	head string
	pr   deploy.PullRequest
	req  deploy.ChangeRequest
}

// ghFault is one way GitHub fails, and what every operation must make of
// it unless an operation says otherwise.
type ghFault struct {
	name  string
	fault githubfake.Fault // Times -1 is implied; ignored for "refused"
	code  fault.Code
	words string // what the person reads, in part
}

// TestErrorModel drives every operation of the GitHub adapter through
// every way GitHub fails and checks the error's kind and words: an outage
// is unavailable, a limit rate limited, and neither ever reads as the
// person's mistake.
func TestErrorModel(t *testing.T) {
	reset := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	faults := []ghFault{
		{"404", githubfake.Fault{Status: 404, Message: "Not Found"}, fault.CodeNotFound, ""},
		{"409", githubfake.Fault{Status: 409, Message: "Git Repository is empty."}, fault.CodeConflict, "409"},
		{"422", githubfake.Fault{Status: 422, Message: "Validation Failed"}, fault.CodeInvalid, "422 Validation Failed"},
		{"403", githubfake.Fault{Status: 403, Message: "Resource not accessible by integration"}, fault.CodeUnauthorised, "Give the token or GitHub App"},
		{"403QuotaUsedUp", githubfake.Fault{Status: 403, Message: "API rate limit exceeded",
			Header: http.Header{"X-RateLimit-Remaining": {"0"}, "X-RateLimit-Reset": {reset}}}, fault.CodeRateLimited, "quota"},
		{"429RetryAfter", githubfake.Fault{Status: 429, RetryAfter: 30 * time.Second}, fault.CodeRateLimited, "limiting how fast"},
		{"500", githubfake.Fault{Status: 500}, fault.CodeUnavailable, "GitHub is not answering (500)"},
		{"502", githubfake.Fault{Status: 502}, fault.CodeUnavailable, "GitHub is not answering (502)"},
		{"503", githubfake.Fault{Status: 503}, fault.CodeUnavailable, "GitHub is not answering (503)"},
		{"timeout", githubfake.Fault{Delay: 10 * time.Second}, fault.CodeUnavailable, "GitHub is not answering (timeout)"},
		{"refused", githubfake.Fault{}, fault.CodeUnavailable, "GitHub is not answering (connection refused)"},
	}
	// Where an operation rightly makes something else of a status.
	override := map[string]map[string]ghFault{
		// GET commits/{ref} answers 422 "No commit found" for a ref that is not there.
		"Head":          {"422": {code: fault.CodeNotFound, words: "does not exist"}},
		"ResolveCommit": {"422": {code: fault.CodeNotFound, words: "no commit, tag or branch"}},
		"OriginPR":      {"422": {code: fault.CodeNotFound, words: "no commit"}},
		"Compare":       {"422": {code: fault.CodeNotFound, words: "does not exist"}},
		"IsAncestor":    {"422": {code: fault.CodeNotFound, words: "does not exist"}},
		// A snapshot is an fs.FS: a file GitHub can't find does not exist.
		"SnapshotRead": {"404": {code: fault.CodeInternal, words: "Something went wrong"}},
		// PUT …/merge answers 409 when the head is no longer the SHA given.
		"Merge": {"409": {code: fault.CodeConflict, words: "head moved"}},
		// Abandoning a pull request GitHub no longer has is done.
		"Abandon": {"404": {code: "", words: ""}},
	}
	for _, op := range ghOps() {
		for _, f := range faults {
			t.Run(op.name+"/"+f.name, func(t *testing.T) {
				want := f
				if o, ok := override[op.name][f.name]; ok {
					want.code, want.words = o.code, o.words
				}
				e := newEnv(t)
				fx := fixture(t, e)
				c := e.c
				switch f.name {
				case "refused":
					c = refusedClient(t)
				case "timeout":
					// Only this client is impatient: the fixture and the
					// other cases must not time out on a loaded machine.
					c = timeoutClient(t, e)
					fallthrough
				default:
					inj := f.fault
					inj.Path, inj.Times = "/**", -1
					e.srv.Inject(inj)
				}
				err := op.call(context.Background(), c, fx)
				if got := fault.ErrorCode(err); got != want.code {
					t.Fatalf("kind %q, want %q: %v", got, want.code, err)
				}
				if err == nil {
					return
				}
				msg := fault.UserMessage(err)
				if !strings.Contains(msg, want.words) {
					t.Errorf("the person reads %q; want it to say %q", msg, want.words)
				}
				if strings.Contains(err.Error(), botToken) || strings.Contains(e.logs.String(), botToken) {
					t.Error("the token reached the error or the log")
				}
			})
		}
	}
}

// ghOps is every operation of deploy.Repo.
func ghOps() []ghOp {
	readFile := func(ctx context.Context, c *github.Client, f opFixture) error {
		fsys, err := c.Snapshot(ctx, f.head)
		if err != nil {
			return err
		}
		_, err = fs.ReadFile(fsys, prodAPI)
		return err
	}
	return []ghOp{
		{"Head", func(ctx context.Context, c *github.Client, _ opFixture) error { _, err := c.Head(ctx); return err }},
		{"SnapshotRead", readFile},
		{"Parent", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.Parent(ctx, f.head)
			return err
		}},
		{"OpenChange", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.OpenChange(ctx, f.req)
			return err
		}},
		{"ChangeStatus", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.ChangeStatus(ctx, f.pr)
			return err
		}},
		{"Merge", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.Merge(ctx, f.pr, "promote")
			return err
		}},
		{"Abandon", func(ctx context.Context, c *github.Client, f opFixture) error { return c.Abandon(ctx, f.pr) }},
		{"LastChange", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.LastChange(ctx, prodAPI, "", f.head)
			return err
		}},
		{"ResolveCommit", func(ctx context.Context, c *github.Client, _ opFixture) error {
			_, err := c.ResolveCommit(ctx, "", "main")
			return err
		}},
		{"OriginPR", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.OriginPR(ctx, "", f.head)
			return err
		}},
		{"Compare", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.Compare(ctx, "", f.head, f.pr.HeadSHA, 10)
			return err
		}},
		{"IsAncestor", func(ctx context.Context, c *github.Client, f opFixture) error {
			_, err := c.IsAncestor(ctx, f.head, f.pr.HeadSHA)
			return err
		}},
	}
}

// fixture opens one promotion's pull request and plans a second one, on
// the working client, before any fault is injected.
func fixture(t *testing.T, e *testEnv) opFixture {
	t.Helper()
	p, pr := e.open(t, "p42", apiProd)
	next := e.plan(t, "p43", deploy.PlanRequest{Service: "billing", Version: "v2.0.3", Env: "production"})
	e.srv.ResetRequests()
	return opFixture{head: p.req.BaseSHA, pr: pr, req: next.req}
}

// refusedClient is a client of a GitHub whose port refuses connections.
func refusedClient(t *testing.T) *github.Client {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	must(t, ln.Close())
	c, err := github.New(github.Options{Repository: gitops, BaseBranch: "main", APIURL: "http://" + addr + "/api/v3/",
		Secrets: config.Secrets{GitHubToken: config.NewSecret(botToken)}, HTTPClient: &http.Client{Timeout: time.Second},
		Retry: github.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
	must(t, err)
	return c
}

// timeoutClient is a client of e's GitHub that gives up on an answer after
// a tenth of a second (the "timeout" fault holds every answer back for
// 10 s, so nothing legitimate is cut short).
func timeoutClient(t *testing.T, e *testEnv) *github.Client {
	t.Helper()
	c, err := github.New(github.Options{Repository: gitops, BaseBranch: "main", APIURL: e.srv.URL() + "/api/v3/",
		Secrets:    config.Secrets{GitHubToken: config.NewSecret(botToken)},
		HTTPClient: &http.Client{Transport: e.srv.Client().Transport, Timeout: 100 * time.Millisecond},
		Retry:      github.RetryPolicy{Sleep: e.waits.sleep}})
	must(t, err)
	return c
}
