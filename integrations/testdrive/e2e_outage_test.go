package testdrive_test

import (
	"testing"

	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// TestE2EGitHubDownTellsTheTruth: /promote while GitHub answers 503 tells
// the person, ephemerally, that GitHub is not answering and nothing was
// changed — not that the version is wrong — and records nothing; once
// GitHub answers, the same command goes through.
func TestE2EGitHubDownTellsTheTruth(t *testing.T) {
	w := newE2E(t, standins.Options{})
	w.d.SI.GitHub.Inject(githubfake.Fault{Path: "/repos/acme/gitops/**", Status: 503, Times: -1})
	before := w.visible()
	w.slash("maria", "/promote api v9.1.1 prod")
	m := w.ephemeral("maria", "GitHub is not answering (503)")
	if !testdrive.Shows(m, "nothing was changed") {
		t.Errorf("the reply does not say nothing was changed: %+v", m)
	}
	if testdrive.Shows(m, "not a commit") || testdrive.Shows(m, "Blocked") {
		t.Errorf("the reply blames the request: %+v", m)
	}
	if n := w.visible(); n != before {
		t.Errorf("%d messages in the channel, want %d: an outage announces nothing", n, before)
	}
	w.wantPRs(0)
	w.d.SI.GitHub.ClearFaults()
	_, err := w.s.Promote(w.ctx, "maria", "/promote api v9.1.1 prod", 1)
	w.must(err)
	w.wantPRs(1)
}
