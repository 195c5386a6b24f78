package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestCheckUpstream(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 2, 0, 0, time.UTC)
	const sha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	const other = "ffffffe4e5f60718293a4b5c6d7e8f9012345678"
	base := func() UpstreamCheck {
		return UpstreamCheck{
			Service: "api",
			Env:     config.Environment{Name: "production", After: "staging", Soak: 10 * time.Minute},
			Want:    "v9.1.1",
			Running: "v9.1.1",
			Rollout: Rollout{
				App: "api-staging", SyncStatus: "Synced", SyncedRevision: sha,
				Health: "Healthy", ObservedAt: now.Add(-5 * time.Second),
			},
			FileRevision: sha,
			HealthySince: now.Add(-2 * time.Hour),
			Now:          now,
		}
	}
	const prefix = "Can't promote api to production: "
	tests := []struct {
		name    string
		mod     func(*UpstreamCheck)
		want    Evidence
		wantErr gateResult
	}{
		{"OK", func(*UpstreamCheck) {}, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKNoUpstream", func(c *UpstreamCheck) { c.Env.After = ""; c.Running = "" }, Evidence{}, gateResult{}},
		{"OKSemverWithoutV", func(c *UpstreamCheck) { c.Pattern = config.PatternSemver; c.Running = "9.1.1" }, Evidence{
			Env: "staging", Version: "9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKUpstreamName", func(c *UpstreamCheck) { c.Upstream = "staging-eu" }, Evidence{
			Env: "staging-eu", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKNoSoak", func(c *UpstreamCheck) { c.Env.Soak = 0; c.HealthySince = time.Time{} }, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha, ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKExactlySoaked", func(c *UpstreamCheck) { c.HealthySince = now.Add(-10 * time.Minute) }, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-10 * time.Minute), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKFileRevisionFallback", func(c *UpstreamCheck) {
			c.Rollout.SyncedRevision = ""
			c.Rollout.ObservedAt = time.Time{}
		}, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now,
		}, gateResult{}},
		{"OKShortFileRevision", func(c *UpstreamCheck) { c.FileRevision = "A1B2C3D" }, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"OKNoFileRevision", func(c *UpstreamCheck) { c.FileRevision = "" }, Evidence{
			Env: "staging", Version: "v9.1.1", Revision: sha,
			HealthySince: now.Add(-2 * time.Hour), ObservedAt: now.Add(-5 * time.Second),
		}, gateResult{}},
		{"ErrWrongVersion", func(c *UpstreamCheck) { c.Running = "v9.1.0" }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging runs v9.1.0, not v9.1.1.\nPromote v9.1.1 to staging first, or run /promote api v9.1.0 production."}},
		{"ErrNoVersion", func(c *UpstreamCheck) { c.Running = "" }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "deploybot can't tell which version of api staging runs.\nPromote v9.1.1 to staging first."}},
		{"ErrOutOfSync", func(c *UpstreamCheck) { c.Rollout.SyncStatus = "OutOfSync" }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is OutOfSync, not Synced, so it may not run what its files say.\nWait for it to sync, then try again."}},
		{"ErrSyncUnknown", func(c *UpstreamCheck) { c.Rollout.SyncStatus = ""; c.Rollout.App = "" }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app is Unknown, not Synced, so it may not run what its files say.\nWait for it to sync, then try again."}},
		{"ErrRevisionBehind", func(c *UpstreamCheck) { c.FileRevision = other }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is synced at a1b2c3d, but v9.1.1 was read at ffffffe; Argo CD has not caught up yet.\nTry again in a minute."}},
		{"ErrDegraded", func(c *UpstreamCheck) {
			c.Rollout.Health = "Degraded"
			c.Rollout.HealthMessage = "Deployment api: progress deadline exceeded"
		}, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is Degraded, not Healthy (Deployment api: progress deadline exceeded).\nTry again once it is Healthy."}},
		{"ErrProgressingResource", func(c *UpstreamCheck) {
			c.Rollout.Health = "Progressing"
			c.Rollout.Unhealthy = []Resource{{Kind: "Deployment", Name: "api", Health: "Progressing", Message: "1/3 pods ready"}}
		}, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is Progressing, not Healthy (Deployment/api: Progressing, 1/3 pods ready).\nTry again once it is Healthy."}},
		{"ErrHealthUnknown", func(c *UpstreamCheck) { c.Rollout.Health = "" }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging is Unknown, not Healthy.\nTry again once it is Healthy."}},
		{"ErrSoakUnknown", func(c *UpstreamCheck) { c.HealthySince = time.Time{} }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has no record of when it became healthy, and production needs v9.1.1 healthy there for 10m.\nTry again in 10m."}},
		{"ErrSoaking", func(c *UpstreamCheck) { c.HealthySince = now.Add(-(3*time.Minute + 12*time.Second)) }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has been healthy for 3m12s, needs 10m; try again in 6m48s."}},
		{"ErrSoakingSubSecond", func(c *UpstreamCheck) { c.HealthySince = now.Add(-(3*time.Minute + 12500*time.Millisecond)) }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has been healthy for 3m12s, needs 10m; try again in 6m48s."}},
		{"ErrHealthySinceInFuture", func(c *UpstreamCheck) { c.HealthySince = now.Add(time.Minute) }, Evidence{}, gateResult{fault.CodeBlocked,
			prefix + "staging's Argo CD app api-staging has been healthy for 0s, needs 10m; try again in 10m."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.mod(&in)
			got, err := CheckUpstream(in)
			if diff := cmp.Diff(tt.wantErr, gateOutcome(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
		})
	}
}
