package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestHealthySince(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 2, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name     string
		r        Rollout
		recorded time.Time
		want     time.Time
	}{
		{"OKArgoTransition", Rollout{Health: "Healthy", HealthSince: ago(2 * time.Hour), DeployedAt: ago(3 * time.Hour)}, time.Time{}, ago(2 * time.Hour)},
		{"OKArgoWinsOverRecord", Rollout{Health: "Healthy", HealthSince: ago(2 * time.Hour)}, ago(5 * time.Hour), ago(2 * time.Hour)},
		{"OKRecordedWhenArgoSilent", Rollout{Health: "Healthy", DeployedAt: ago(3 * time.Hour)}, ago(time.Hour), ago(time.Hour)},
		{"OKNotBeforeDeploy", Rollout{Health: "Healthy", HealthSince: ago(5 * time.Hour), DeployedAt: ago(4 * time.Minute)}, time.Time{}, ago(4 * time.Minute)},
		{"OKRecordedNotBeforeDeploy", Rollout{Health: "Healthy", DeployedAt: ago(4 * time.Minute)}, ago(time.Hour), ago(4 * time.Minute)},
		{"ZeroUnknown", Rollout{Health: "Healthy", DeployedAt: ago(3 * time.Hour)}, time.Time{}, time.Time{}},
		{"ZeroNotHealthy", Rollout{Health: "Progressing", HealthSince: ago(time.Minute)}, ago(time.Hour), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, HealthySince(tt.r, tt.recorded)); diff != "" {
				t.Errorf("HealthySince (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckObservedUpstream(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 2, 0, 0, time.UTC)
	const head = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	const older = "0123456789abcdef0123456789abcdef01234567"
	svc := config.Service{Name: "api", Version: config.PatternSemver}
	prod := config.Environment{Name: "production", After: "staging", Soak: 10 * time.Minute}
	// staging runs v9.1.1: synced at older by a sync that finished at
	// deployed; since then commits for other paths moved the head, so
	// Argo CD compares with head and finds the app Synced there.
	observe := func(healthySince, deployed time.Time) UpstreamObservation {
		return UpstreamObservation{
			Running: "v9.1.1", FileRevision: head,
			Rollout: Rollout{
				App: "api-staging", SyncStatus: "Synced", SyncedRevision: head, ComparedRevision: head,
				DeployedRevision: older, DeployedAt: deployed, Health: "Healthy", HealthSince: healthySince,
				ObservedAt: now,
			},
		}
	}
	const prefix = "Can't promote api to production: "
	tests := []struct {
		name    string
		obs     UpstreamObservation
		want    Evidence
		wantErr gateResult
	}{
		{"OKLongHealthy", observe(now.Add(-2*time.Hour), now.Add(-2*time.Hour-30*time.Second)),
			Evidence{Env: "staging", Version: "v9.1.1", Revision: head, HealthySince: now.Add(-2 * time.Hour), ObservedAt: now}, gateResult{}},
		{"OKRecordedHistory", func() UpstreamObservation {
			o := observe(time.Time{}, now.Add(-time.Hour))
			o.Recorded = now.Add(-50 * time.Minute)
			return o
		}(), Evidence{Env: "staging", Version: "v9.1.1", Revision: head, HealthySince: now.Add(-50 * time.Minute), ObservedAt: now}, gateResult{}},
		{"ErrFresh", observe(now.Add(-2*time.Minute), now.Add(-150*time.Second)), Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has been healthy for 2m, needs 10m; try again in 8m."}},
		{"ErrFreshDeployUnderOldHealthy", observe(now.Add(-5*time.Hour), now.Add(-2*time.Minute)), Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has been healthy for 2m, needs 10m; try again in 8m."}},
		{"ErrUnknownSince", observe(time.Time{}, now.Add(-time.Hour)), Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has no record of when it became healthy, and production needs v9.1.1 healthy there for 10m.\nTry again in 10m."}},
		{"ErrNotCaughtUp", func() UpstreamObservation {
			o := observe(now.Add(-2*time.Hour), now.Add(-2*time.Hour))
			o.Rollout.SyncedRevision, o.Rollout.ComparedRevision = older, older
			return o
		}(), Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is synced at 0123456, but v9.1.1 was read at a1b2c3d; Argo CD has not caught up yet.\nTry again in a minute."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckObservedUpstream(tt.obs, svc, prod, "v9.1.1", now)
			if diff := cmp.Diff(tt.wantErr, gateOutcome(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
		})
	}
}
