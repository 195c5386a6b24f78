package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// t0 is the test epoch; every time in these tests is t0 plus something.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// testPath returns a store path inside a fresh temporary directory.
func testPath(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "state", "deploybot.db")
}

// openTest opens a store at path and closes it when the test ends.
func openTest(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(Options{Path: path, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// promotion returns a promotion of service to env created at t0+minutes.
func promotion(id, service, env string, minutes int, state deploy.State) deploy.Promotion {
	at := t0.Add(time.Duration(minutes) * time.Minute)
	return deploy.Promotion{
		ID:        id,
		Kind:      deploy.KindPromote,
		Service:   service,
		Env:       env,
		Version:   deploy.Version(fmt.Sprintf("v1.%d.0", minutes)),
		Requester: "U0123ABCD",
		Reason:    "release",
		State:     state,
		CreatedAt: at,
		UpdatedAt: at,
	}
}

// fullPromotion returns a promotion with every field set, to check that
// the codec loses nothing.
func fullPromotion() deploy.Promotion {
	p := promotion("p-full", "api", "production", 1, deploy.StateWatching)
	p.PreviousVersion = "v1.0.0"
	p.Force = "re-promote after fix"
	p.Approvals = []deploy.Approval{{By: "U999", At: t0.Add(2 * time.Minute)},
		{By: "U998", At: t0.Add(2 * time.Minute), Source: deploy.ApprovalGitHub, Verdict: deploy.ReviewChangesRequested,
			Login: "lee-gh", HeadSHA: "0123456789abcdef0123456789abcdef01234567", ReviewID: 4711, NotCounted: "not an approver of production"}}
	p.Unapproved = "merged by @eve on GitHub without the required approvals: 1 more approval"
	p.StateReason = "watching rollout"
	p.PR = deploy.PullRequest{Number: 42, URL: "https://github.com/acme/gitops/pull/42",
		Branch: "deploybot/p-full", HeadSHA: "0123456789abcdef0123456789abcdef01234567", Title: "Promote api"}
	p.MergeSHA = "89abcdef0123456789abcdef0123456789abcdef"
	p.RollbackOf = "p-older"
	p.RolledBackBy = "p-newer"
	p.Evidence = &deploy.Evidence{Env: "staging", Version: "v1.1.0", Revision: "abc",
		HealthySince: t0.Add(-time.Hour), ObservedAt: t0}
	p.Rollout = &deploy.Rollout{App: "api-production", SyncStatus: "Synced", Health: "Healthy",
		Images: []string{"acme/api:v1.1.0"}, ObservedAt: t0.Add(5 * time.Minute),
		Unhealthy: []deploy.Resource{{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Progressing"}}}
	p.Slack = deploy.MessageRef{Channel: "C0123", TS: "1700000000.000100"}
	p.MergedAt = t0.Add(3 * time.Minute)
	p.HealthyAt = t0.Add(4 * time.Minute)
	p.WatchUntil = t0.Add(33 * time.Minute)
	p.FinishedAt = t0.Add(34 * time.Minute)
	return p
}

// mustPut stores promotions or fails the test.
func mustPut(t testing.TB, s *Store, ps ...deploy.Promotion) {
	t.Helper()
	err := s.Update(func(tx *Tx) error {
		for _, p := range ps {
			if err := tx.PutPromotion(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("PutPromotion: %v", err)
	}
}

// wantCode fails the test unless err has the domain code want.
func wantCode(t testing.TB, err error, want fault.Code) {
	t.Helper()
	if got := fault.ErrorCode(err); got != want {
		t.Fatalf("error code = %q, want %q (err: %v)", got, want, err)
	}
}

// ids returns the IDs of ps, for compact comparisons.
func ids(ps []deploy.Promotion) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}
