package testdrive_test

import (
	"testing"

	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// TestE2ECrashAfterAnnouncementPosted stops serve at the worst moment
// for the announcement: Slack has taken the post and holds its answer,
// so serve never learns the ts and the engine never stores it. After the
// restart on the same store the channel still has one announcement, the
// one the rest of the promotion updates, with one "PR opened" line.
func TestE2ECrashAfterAnnouncementPosted(t *testing.T) {
	w := newE2E(t, standins.Options{})
	sl := w.d.SI.Slack
	sl.HoldNext("chat.postMessage")
	w.slash("maria", "/promote api v9.1.1 prod")
	w.must(testdrive.Within(w.ctx, "the announcement, its answer held", testdrive.StepTimeout, func() bool { return sl.Held() == 1 }))
	w.must(w.d.Stop())
	before := w.d.Announcements()
	if len(before) != 1 {
		t.Fatalf("%d announcements before the restart, want the one Slack took", len(before))
	}
	ts := before[0].TS
	w.must(w.d.Start(w.ctx))
	// A restart does more before this first edit than any other step
	// (connect to Slack again, replay the job, the first tick, a history
	// search); on a loaded CI machine it once took longer than a step.
	w.must(testdrive.Within(w.ctx, "the earlier announcement updated after the restart", 3*testdrive.StepTimeout,
		func() bool { return w.d.Message(ts).Updates > 0 }))
	w.must(w.s.ApproveAndWait(w.ctx, w.d.Message(ts), 1, "Production Deployment Complete", "api-production", "Healthy"))
	if n := len(w.d.Announcements()); n != 1 {
		t.Errorf("%d announcements, want the one updated in place", n)
	}
	if n := w.count(ts, "PR opened"); n != 1 {
		t.Errorf("%d \"PR opened\" lines in the thread, want 1", n)
	}
	w.wantPRs(1)
}
