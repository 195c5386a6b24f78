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

	"github.com/deploybot/deploybot/deploy"
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
	rb := deploy.Promotion{ID: "p2", Kind: deploy.KindRollback, Service: "api", Env: "production", Version: "v9.1.0",
		PreviousVersion: "v9.1.1", Requester: "U0MARIA", Reason: "Degraded 6 min after merge", State: deploy.StateWatching,
		RollbackOf: "p1", CreatedAt: t0.Add(15 * time.Minute), MergedAt: t0.Add(16 * time.Minute),
		HealthyAt: t0.Add(21 * time.Minute), WatchUntil: t0.Add(46 * time.Minute),
		PR: deploy.PullRequest{Number: 1043, URL: "https://github.com/acme/gitops/pull/1043", Title: "rollback(production): api v9.1.1 → v9.1.0"}}
	cancelled := p
	cancelled.State, cancelled.StateReason, cancelled.UpdatedAt = deploy.StateCancelled, "cancelled by <@U0MARIA>", t0.Add(3*time.Minute)
	return map[string]view{
		"planned":           v(p, deploy.NoticePlanned, d),
		"in_progress":       v(progress, deploy.NoticeProgressing, d),
		"complete":          v(done, deploy.NoticeDeployed, healthy),
		"failed":            v(failed, deploy.NoticeDegraded, unhealthy),
		"rolled_back":       v(rolled, deploy.NoticeRolledBack, deploy.NoticeDetails{}),
		"rollback_complete": v(rb, deploy.NoticeDeployed, healthy),
		"cancelled":         v(cancelled, deploy.NoticeCancelled, deploy.NoticeDetails{}),
	}
}

func TestAnnouncementGolden(t *testing.T) {
	for name, v := range goldenViews(t) {
		t.Run(name, func(t *testing.T) {
			a := render(v)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(map[string]any{"text": a.Text, "blocks": a.Blocks}); err != nil {
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
		})
	}
}
