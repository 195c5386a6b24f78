package testdrive_test

import (
	"testing"

	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// river is a Slack user in none of the stand-ins' user groups.
const river = "U0RIVER01"

// TestE2EGitHubReviewByGroupApprover: production's approvers list only
// @platform-leads. A GitHub review by river (mapped by people:, in no
// group) does not count; one by noor, an approver only through the
// group, does, and the pull request merges. (web has no source
// repository, so noor wrote no change behind it: approverNotAuthor,
// which people: turns on in the stand-ins, does not apply.)
func TestE2EGitHubReviewByGroupApprover(t *testing.T) {
	w := newE2E(t, standins.Options{People: map[string]string{standins.Noor: "noor", river: "river"}})
	web, err := w.s.Promote(w.ctx, "maria", "/promote web 3.1 prod", 1)
	w.must(err)
	w.must(w.d.SI.GitHub.Approve(standins.GitOpsRepo, 1, "river"))
	w.must(testdrive.Within(w.ctx, "river's review shown as not counted", testdrive.StepTimeout, func() bool {
		return w.d.ThreadShows(web.TS, "not counted: <@"+river+"> on GitHub (not an approver of production)")
	}))
	if w.d.Merged(1) {
		t.Fatal("pull request #1 merged on river's review")
	}
	w.must(w.d.SI.GitHub.Approve(standins.GitOpsRepo, 1, "noor"))
	w.must(testdrive.Within(w.ctx, "the merge of pull request #1 after noor's review", testdrive.StepTimeout, func() bool { return w.d.Merged(1) }))
	w.must(testdrive.Within(w.ctx, "noor's review counted in the thread", testdrive.StepTimeout, func() bool {
		return w.d.ThreadShows(web.TS, "Approved by <@"+standins.Noor+"> on GitHub")
	}))
}
