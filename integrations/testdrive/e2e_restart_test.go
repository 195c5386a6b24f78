package testdrive_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// TestE2ERestartDuringWatch stops serve while the rollout is watched and
// starts it again on the same store file and stand-ins: the watch resumes,
// the same Slack message is updated, and it ends with one pull request
// and one outcome.
func TestE2ERestartDuringWatch(t *testing.T) {
	w := newE2E(t, standins.Options{})
	api, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	w.must(w.s.ApproveAndWait(w.ctx, api, 1, "Production Deployment Complete", "api-production", "Healthy"))
	if w.d.ThreadShows(api.TS, "Watch window ended") {
		t.Fatal("the watch window ended before the restart; make e2eWatch longer")
	}
	w.must(w.d.Stop())
	updates := w.d.Message(api.TS).Updates
	w.must(w.d.Start(w.ctx))
	w.must(w.s.WindowEnds(w.ctx, api))
	w.wantShows(api.TS, "watch ended")
	if got := w.d.Message(api.TS).Updates; got <= updates {
		t.Errorf("the announcement was edited %d times before the restart and %d after, want more", updates, got)
	}
	w.wantPRs(1)
	if n := len(w.d.Announcements()); n != 1 {
		t.Errorf("%d announcements, want the one updated in place", n)
	}
	if n := w.count(api.TS, "Watch window ended"); n != 1 {
		t.Errorf("%d outcomes in the thread, want 1", n)
	}
}

// TestE2ERestartAfterPRCreated stops serve after it opened the pull
// request but before it recorded it: GitHub holds the label call that
// follows the PR's creation with a secondary rate limit, so serve is
// stopped while it waits, and refuses the clean-up (closing the pull
// request, deleting the branch) that a stop runs but a crash would not.
// After the restart there is still one pull request. This is the closest
// the tests get to a crash between GitHub's answer and the store write
// without a hook in the engine.
func TestE2ERestartAfterPRCreated(t *testing.T) {
	w := newE2E(t, standins.Options{})
	gh := w.d.SI.GitHub
	gh.Inject(githubfake.Fault{Path: "POST /repos/acme/gitops/issues/*/labels", Status: http.StatusForbidden,
		RetryAfter: 10 * time.Second})
	w.slash("maria", "/promote api v9.1.1 prod")
	w.must(testdrive.Within(w.ctx, "the pull request", testdrive.StepTimeout, func() bool { return len(w.d.PRs()) == 1 }))
	for _, path := range []string{"PATCH /repos/acme/gitops/pulls/*", "DELETE /repos/acme/gitops/git/refs/**"} {
		gh.Inject(githubfake.Fault{Path: path, Status: http.StatusBadGateway, Times: -1})
	}
	w.must(w.d.Stop())
	gh.ClearFaults()
	w.must(w.d.Start(w.ctx))
	// Either the restarted serve picks the request up again (and must
	// reuse the pull request) or it was dropped; wait for the first.
	_ = testdrive.Within(w.ctx, "the announcement of pull request #1", 5*time.Second, func() bool {
		for _, a := range w.d.Announcements() {
			if _, ok := testdrive.Button(a, "approve"); ok {
				return true
			}
		}
		return false
	})
	t.Logf("after the restart: %d announcement(s)", len(w.d.Announcements()))
	for _, p := range w.d.PRs() {
		t.Logf("PR #%d %s (%s) from %s", p.Number, p.Title, p.State, p.Head)
	}
	w.wantPRs(1)
}
