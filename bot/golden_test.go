package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/slack")

// goldenViews is one view per announcement kind.
func goldenViews(t *testing.T) map[string]view {
	cfg := testCfg(t)
	planned := plannedNotice()
	d := planned.Details
	v := func(p deploy.Promotion, kind deploy.NoticeKind, d deploy.NoticeDetails) view {
		return newView(cfg, deploy.Notice{Promotion: p, Kind: kind}, d)
	}
	p := planned.Promotion
	progress := p
	progress.State, progress.MergeSHA, progress.MergedAt = deploy.StateSyncing, "a9f8e7d6c5b4", t0.Add(7*time.Minute)
	progress.Approvals = []deploy.Approval{{By: "U0SAM001", At: t0.Add(6 * time.Minute)}}
	progress.StateReason = "Progressing — 2/3 pods ready"
	done := progress
	done.State, done.HealthyAt, done.WatchUntil = deploy.StateWatching, t0.Add(9*time.Minute), t0.Add(37*time.Minute)
	healthy := deploy.NoticeDetails{Verdict: &deploy.Verdict{Phase: "Deployed", Reason: "no unhealthy resources"}}
	failed := progress
	failed.State, failed.StateReason, failed.FinishedAt = deploy.StateFailed, "Degraded", t0.Add(13*time.Minute)
	unhealthy := deploy.NoticeDetails{Verdict: &deploy.Verdict{Phase: "Failed", Reason: "Degraded", Unhealthy: []deploy.Resource{
		{Kind: "Deployment", Name: "api", Health: "Degraded", Message: "progress deadline exceeded"},
		{Kind: "Pod", Name: "api-7d9f", Health: "Degraded", Message: "CrashLoopBackOff"}}}}
	rolled := failed
	rolled.State, rolled.RolledBackBy, rolled.UpdatedAt = deploy.StateRolledBack, "p2", t0.Add(21*time.Minute)
	rolled.StateReason = "rolled back by <@U0MARIA> (promotion p2): Degraded 6 min after merge"
	rb := deploy.Promotion{ID: "p2", Kind: deploy.KindRollback, Service: "api", Env: "production", Version: "v9.1.0",
		PreviousVersion: "v9.1.1", Requester: "U0MARIA", Reason: "Degraded 6 min after merge", State: deploy.StateWatching,
		RollbackOf: "p1", CreatedAt: t0.Add(15 * time.Minute), MergedAt: t0.Add(16 * time.Minute),
		HealthyAt: t0.Add(21 * time.Minute), WatchUntil: t0.Add(46 * time.Minute),
		PR: deploy.PullRequest{Number: 1043, URL: "https://github.com/acme/gitops/pull/1043", Title: "rollback(production): api v9.1.1 → v9.1.0"}}
	rolledView := v(rolled, deploy.NoticeRolledBack, deploy.NoticeDetails{})
	rolledView.Rollback = &rb
	all, allDetails := plannedAll()
	allDone := all
	allDone.State, allDone.MergeSHA, allDone.MergedAt = deploy.StateWatching, "a9f8e7d6c5b4", t0.Add(7*time.Minute)
	allDone.HealthyAt, allDone.WatchUntil = t0.Add(9*time.Minute), t0.Add(37*time.Minute)
	cancelled := p
	cancelled.State, cancelled.StateReason, cancelled.UpdatedAt = deploy.StateCancelled, "cancelled by <@U0MARIA>", t0.Add(3*time.Minute)
	ledger, ledgerDone := ledgerViews(t, cfg, d)
	unapproved, unapprovedFailed := unapprovedViews(cfg)
	return map[string]view{
		"planned_ledger":     ledger,
		"in_progress_ledger": ledgerDone,
		"unapproved_merged":  unapproved,
		"unapproved_failed":  unapprovedFailed,
		"planned":            v(p, deploy.NoticePlanned, d),
		"in_progress":        v(progress, deploy.NoticeProgressing, d),
		"complete":           v(done, deploy.NoticeDeployed, healthy),
		"failed":             v(failed, deploy.NoticeDegraded, unhealthy),
		"rolled_back":        rolledView,
		"planned_all":        v(all, deploy.NoticePlanned, allDetails),
		"complete_all":       v(allDone, deploy.NoticeDeployed, healthy),
		"rollback_complete":  v(rb, deploy.NoticeDeployed, healthy),
		"cancelled":          v(cancelled, deploy.NoticeCancelled, deploy.NoticeDetails{}),
	}
}

// ledgerHead is the pull request head of the ledger views.
const ledgerHead = "c0ffee1234567890"

// ledgerViews are a planned promotion that needs 2 approvals with every
// kind of ledger entry (one that counts, a change request, an unmapped
// login, an approval of an older head, a dismissed review), and the same
// promotion in progress after 2 of 2 approved in Slack and on GitHub.
func ledgerViews(t *testing.T, cfg *config.Config, d deploy.NoticeDetails) (planned, progress view) {
	t.Helper()
	p := plannedPromotion()
	p.PR.HeadSHA = ledgerHead
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	gh := deploy.ApprovalGitHub
	p.Approvals = []deploy.Approval{
		{By: "U0SAM001", Login: "sam", At: at(1), Source: deploy.ApprovalSlack, HeadSHA: ledgerHead},
		{By: "U0KIM001", Login: "kim", At: at(1), Source: gh, HeadSHA: "0123456789abcdef", ReviewID: 7},
		{By: "U0LEE001", Login: "lee", At: at(2), Source: gh, Verdict: deploy.ReviewChangesRequested, HeadSHA: ledgerHead, ReviewID: 8},
		{Login: "ghost", At: at(3), Source: gh, HeadSHA: ledgerHead, ReviewID: 9,
			NotCounted: "not in people:, so deploybot can't tell who it is"},
		{By: "U0DAN001", Login: "dan", At: at(4), Source: gh, Verdict: deploy.ReviewDismissed, HeadSHA: ledgerHead, ReviewID: 10},
	}
	planned = newView(cfg, deploy.Notice{Promotion: p, Kind: deploy.NoticeApprovalsChanged}, d)
	planned.Env.Approvals = 2
	done := p
	done.Approvals = append(done.Approvals,
		deploy.Approval{By: "U0LEE001", Login: "lee", At: at(5), Source: gh, HeadSHA: ledgerHead, ReviewID: 11})
	done.State, done.MergeSHA, done.MergedAt = deploy.StateSyncing, "a9f8e7d6c5b4", at(7)
	done.StateReason = "Progressing — 2/3 pods ready"
	progress = newView(cfg, deploy.Notice{Promotion: done, Kind: deploy.NoticeProgressing}, d)
	progress.Env.Approvals = 2
	return planned, progress
}

// unapprovedViews are a promotion someone merged on GitHub without the
// required approvals: as the alert announces it, and once it failed, from
// a notice that carries no details (after a restart) so the alert comes
// from what the promotion records.
func unapprovedViews(cfg *config.Config) (merged, failed view) {
	p := plannedPromotion()
	p.PR.HeadSHA = ledgerHead
	p.Unapproved = "merged by <@U0EVE001> (@eve) on GitHub without the required approvals: 1 more approval"
	p.State, p.MergeSHA, p.MergedAt = deploy.StateMerged, "a9f8e7d6c5b4", t0.Add(4*time.Minute)
	merged = newView(cfg, deploy.Notice{Promotion: p, Kind: deploy.NoticeUnapprovedMerge},
		deploy.NoticeDetails{Alert: "Not a normal deployment: " + p.Unapproved})
	f := p
	f.State, f.StateReason, f.FinishedAt = deploy.StateFailed, "Degraded", t0.Add(13*time.Minute)
	failed = newView(cfg, deploy.Notice{Promotion: f, Kind: deploy.NoticeFailed}, deploy.NoticeDetails{
		Verdict: &deploy.Verdict{Phase: "Failed", Reason: "Degraded", Unhealthy: []deploy.Resource{
			{Kind: "Deployment", Name: "api", Health: "Degraded", Message: "progress deadline exceeded"}}}})
	return merged, failed
}

// plannedAll is a promotion of every service as the engine has it when
// its PR opened: no Version, the moves in Changes.
func plannedAll() (deploy.Promotion, deploy.NoticeDetails) {
	p := deploy.Promotion{ID: "p3", Kind: deploy.KindPromote, Service: deploy.AllServices, Env: "production",
		Requester: "U0MARIA", State: deploy.StatePROpen, CreatedAt: t0, UpdatedAt: t0,
		Changes: []deploy.ServiceChange{{Service: "api", From: "v9.1.0", To: "v9.1.1"}, {Service: "web", From: "3.0", To: "3.1"}},
		PR: deploy.PullRequest{Number: 1044, URL: "https://github.com/acme/gitops/pull/1044",
			Title: "promote(production): all services (api v9.1.0 → v9.1.1, web 3.0 → 3.1)"}}
	d := deploy.NoticeDetails{
		Risk: &deploy.Risk{Level: deploy.RiskLow, Reasons: []string{"2 services at once", "api: patch release"}}}
	return p, d
}

func TestAnnouncementGolden(t *testing.T) {
	for name, v := range goldenViews(t) {
		t.Run(name, func(t *testing.T) {
			a := render(v)
			compareGolden(t, name, a.Text, a.Blocks)
		})
	}
}

// compareGolden compares the message text and blocks with
// testdata/slack/NAME.json, rewriting it with -update.
func compareGolden(t *testing.T, name, text string, blocks []slack.Block) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	msg := map[string]any{"text": text}
	if blocks != nil {
		msg["blocks"] = blocks
	}
	if err := enc.Encode(msg); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", "slack", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Golden -update)", err)
	}
	var wantV, gotV any
	if err := json.Unmarshal(want, &wantV); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &gotV); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
