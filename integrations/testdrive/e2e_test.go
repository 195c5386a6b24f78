package testdrive_test

import (
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// The end-to-end tests run the real serve wiring against the stand-ins,
// as the testdrive does, each in its own world.

func TestE2EHappyPath(t *testing.T) {
	w := newE2E(t, standins.Options{})
	api, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	w.must(w.s.ApproveAndWait(w.ctx, api, 1, "Production Deployment Complete", "api-production", "Healthy"))
	w.must(w.s.WindowEnds(w.ctx, api))
	w.wantPRs(1)
	if n := len(w.d.Announcements()); n != 1 {
		t.Errorf("%d announcements, want 1 updated in place", n)
	}
	if n := w.count(api.TS, "Watch window ended"); n != 1 {
		t.Errorf("the watch window ended %d times in the thread, want 1", n)
	}
}

func TestE2EDegradedThenRollback(t *testing.T) {
	w := newE2E(t, standins.Options{})
	w.must(w.d.DegradeNext("web-production"))
	web, err := w.s.Promote(w.ctx, "maria", "/promote web 3.1 prod", 1)
	w.must(err)
	w.must(w.s.ApproveAndWait(w.ctx, web, 1, "Production Deployment Failed", "web-production", "Degraded"))
	w.must(w.s.Rollback(w.ctx, web, 2))
	w.wantPRs(2)
	w.wantShows(web.TS, "Rolled Back")
}

func TestE2EPRClosedWithoutMerge(t *testing.T) {
	w := newE2E(t, standins.Options{})
	api, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	w.must(w.d.SI.GitHub.ClosePR(standins.GitOpsRepo, 1))
	w.wantShows(api.TS, "Cancelled")
	w.must(testdrive.Within(w.ctx, "the Approve button gone", testdrive.StepTimeout, func() bool {
		_, ok := testdrive.Button(w.d.Message(api.TS), "approve")
		return !ok
	}))
	if w.d.Merged(1) {
		t.Error("the closed pull request was merged")
	}
}

func TestE2ESelfApprovalRefused(t *testing.T) {
	w := newE2E(t, standins.Options{})
	api, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	before := w.visible()
	b, _ := testdrive.Button(api, "approve")
	w.d.Click("maria", api, b)
	w.ephemeral("maria", "your own")
	time.Sleep(500 * time.Millisecond) // give a wrong channel post the chance to show
	if got := w.visible(); got != before {
		t.Errorf("the channel went from %d to %d messages, want nothing posted", before, got)
	}
	if w.d.Merged(1) {
		t.Error("the self-approved pull request was merged")
	}
}

// TestE2EAuthorMayNotApprove: with approverNotAuthor, noor (an approver,
// and the author of the pull request behind api v9.1.1 in acme/api) is
// refused; sam's approval merges.
func TestE2EAuthorMayNotApprove(t *testing.T) {
	w := newE2E(t, standins.Options{People: map[string]string{standins.Noor: "noor"}})
	api, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	b, _ := testdrive.Button(api, "approve")
	w.d.Click("noor", api, b)
	w.ephemeral("noor", "someone else must approve")
	if w.d.Merged(1) {
		t.Fatal("the pull request was merged on its author's approval")
	}
	w.d.Click("sam", api, b)
	deadline := time.Now().Add(10 * time.Second)
	for !w.d.Merged(1) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !w.d.Merged(1) {
		t.Error("sam's approval did not merge the pull request")
	}
}

func TestE2ESecondPromotionInFlight(t *testing.T) {
	w := newE2E(t, standins.Options{})
	_, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	w.slash("sam", "/promote api v9.1.1 prod")
	m := w.ephemeral("sam", "already being promoted")
	if !strings.Contains(m.Text, "<@"+standins.Maria+">") {
		t.Errorf("the refusal %q does not say who holds the promotion (maria)", m.Text)
	}
	w.wantPRs(1)
	if n := len(w.d.Announcements()); n != 1 {
		t.Errorf("%d announcements, want 1", n)
	}
}

func TestE2EFrozenEnvironment(t *testing.T) {
	now := time.Now().UTC()
	end := now.Add(2 * time.Hour).Truncate(time.Minute)
	w := newE2E(t, standins.Options{Freeze: []standins.Freeze{{Start: now.Add(-time.Hour), End: end, Reason: "incident review"}}})
	w.slash("maria", "/promote api v9.1.1 prod")
	m := w.ephemeral("maria", "frozen")
	if !testdrive.Shows(m, "incident review") || !testdrive.Shows(m, end.Format("15:04")) {
		t.Errorf("the refusal %q does not give the reason and the end (%s)", m.Text, end.Format("15:04"))
	}
	w.wantPRs(0)
}

func TestE2EDuplicateEnvelopeAndDoubleClick(t *testing.T) {
	w := newE2E(t, standins.Options{})
	env := w.slash("maria", "/promote api v9.1.1 prod")
	_, err := w.d.SI.Slack.WaitAck(w.ctx, env)
	w.must(err)
	w.must(w.d.SI.Slack.Resend(env))
	api, err := w.d.NewAnnouncement(w.ctx, "the planned announcement", 0, testdrive.StepTimeout)
	w.must(err)
	w.must(testdrive.Within(w.ctx, "the Approve button", testdrive.StepTimeout, func() bool {
		_, ok := testdrive.Button(w.d.Message(api.TS), "approve")
		return ok
	}))
	api = w.d.Message(api.TS)
	b, _ := testdrive.Button(api, "approve")
	w.d.Click("sam", api, b)
	w.d.Click("sam", api, b)
	w.must(testdrive.Within(w.ctx, "the merge", testdrive.StepTimeout, func() bool { return w.d.Merged(1) }))
	time.Sleep(time.Second) // let a duplicate show if there is one
	w.wantPRs(1)
	if n := len(w.d.Announcements()); n != 1 {
		t.Errorf("%d announcements, want 1", n)
	}
	if n := w.count(api.TS, "Approved by"); n != 1 {
		t.Errorf("%d approval lines in the thread, want 1", n)
	}
}
