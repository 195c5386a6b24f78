package enginetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
)

// TestRequestWhileTicking: a request made through serve's local API runs
// in the same process as the background loop. While GitHub is slow to open
// the pull request, the loop must not find the promotion requested and
// open it a second time: one pull request, the promotion pr_open.
func TestRequestWhileTicking(t *testing.T) {
	w := newWorld(t, nil)
	w.advance(11 * time.Minute)
	w.gh.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/pulls", Delay: 400 * time.Millisecond})
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			_ = w.eng.Tick(ctx)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	p, err := w.eng.Request(context.Background(), deploy.Request{Service: "api", Env: "prod",
		Requester: deploy.Person{ID: maria}, Reason: "fix the token refresh"})
	stop()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if got := w.get(p.ID); got.State != deploy.StatePROpen {
		t.Errorf("state %s (%s), want pr_open", got.State, got.StateReason)
	}
	if n := len(w.prs()); n != 1 {
		t.Errorf("%d pull requests, want 1", n)
	}
	if n := w.gh.CountRequests("POST /repos/acme/gitops/pulls"); n != 1 {
		t.Errorf("%d POST pulls, want 1", n)
	}
}
