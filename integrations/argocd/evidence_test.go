package argocd

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// TestStagingEvidence checks the gate before a production promotion
// against staging as Argo CD reports it: staging auto-syncs a new version
// merged at t0 and is Healthy from +1m37s (health.lastTransitionTime).
func TestStagingEvidence(t *testing.T) {
	svc := config.Service{Name: "api", Version: config.PatternSemver}
	prod := config.Environment{Name: "production", After: "staging", Soak: 10 * time.Minute}
	type result struct {
		Evidence deploy.Evidence
		Err      errResult
	}
	tests := []struct {
		name  string
		after time.Duration // after the rollout became Healthy at +1m37s
		other bool          // a commit for other paths lands after the rollout
		want  func(sha, head string) result
	}{
		{"ErrFresh", 2 * time.Minute, false, func(string, string) result {
			return result{Err: errResult{fault.CodeBlocked,
				"Can't promote api to production: staging's Argo CD app api-staging has been healthy for 2m, needs 10m; try again in 8m."}}
		}},
		{"OKLongHealthy", 2 * time.Hour, false, func(sha, _ string) result {
			return result{Evidence: deploy.Evidence{Env: "staging", Version: "v9.1.1", Revision: sha,
				HealthySince: at(time.Minute + 37*time.Second), ObservedAt: at(2*time.Hour + time.Minute + 37*time.Second)}}
		}},
		{"OKHeadMovedByOtherPaths", 2 * time.Hour, true, func(_, head string) result {
			return result{Evidence: deploy.Evidence{Env: "staging", Version: "v9.1.1", Revision: head,
				HealthySince: at(time.Minute + 37*time.Second), ObservedAt: at(2*time.Hour + time.Minute + 37*time.Second)}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokBot, nil)
			sha := f.merge(stgFile)
			for _, d := range []time.Duration{time.Minute, 5 * time.Second, 2 * time.Second, 30 * time.Second} {
				f.advance(t, d)
			}
			head := sha
			if tt.other {
				head = f.merge(prodFile)
			}
			f.advance(t, tt.after)
			r, err := c.Observe(t.Context(), "api-staging")
			if err != nil {
				t.Fatal(err)
			}
			obs := deploy.UpstreamObservation{Running: "v9.1.1", FileRevision: head, Rollout: r}
			ev, err := deploy.CheckObservedUpstream(obs, svc, prod, "v9.1.1", f.clock.Now())
			got := result{Evidence: ev}
			if err != nil {
				got.Err = errOf(t, err)
			}
			if diff := cmp.Diff(tt.want(sha, head), got); diff != "" {
				t.Errorf("gate (-want +got):\n%s", diff)
			}
		})
	}
}
