package argocdfake

import (
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/google/go-cmp/cmp"
)

// outcome is the end of a rollout as a watcher judges it.
type outcome struct {
	Sync, Health, Phase, OpMessage string
	DeploymentMessage              string
	HealthSince                    time.Time
	History                        int
}

func outcomeOf(a *v1alpha1.Application) outcome {
	o := outcome{Sync: string(a.Status.Sync.Status), Health: string(a.Status.Health.Status),
		Phase: string(a.Status.OperationState.Phase), OpMessage: a.Status.OperationState.Message,
		History: len(a.Status.History)}
	if lt := a.Status.Health.LastTransitionTime; lt != nil {
		o.HealthSince = lt.UTC()
	}
	for _, r := range a.Status.Resources {
		if r.Kind == "Deployment" && r.Health != nil {
			o.DeploymentMessage = r.Health.Message
		}
	}
	return o
}

// TestScripts runs one automated rollout per scripted path. The merge is
// seen at t0+1m, the operation runs 5s, the refresh comes 2s later.
func TestScripts(t *testing.T) {
	refreshed := t0.Add(67 * time.Second)
	tests := []struct {
		name   string
		script *Script
		want   outcome
	}{
		{"OK", nil, outcome{Sync: "Synced", Health: "Healthy", Phase: "Succeeded", OpMessage: msgSucceeded,
			HealthSince: refreshed.Add(30 * time.Second), History: 2}},
		{"OKAfter", &Script{After: 2 * time.Minute}, outcome{Sync: "Synced", Health: "Healthy", Phase: "Succeeded",
			OpMessage: msgSucceeded, HealthSince: refreshed.Add(2 * time.Minute), History: 2}},
		{"Degraded", &Script{Outcome: OutcomeDegraded, After: 20 * time.Second}, outcome{Sync: "Synced", Health: "Degraded",
			Phase: "Succeeded", OpMessage: msgSucceeded, DeploymentMessage: `Deployment "api" exceeded its progress deadline`,
			HealthSince: refreshed.Add(20 * time.Second), History: 2}},
		{"DegradedMessage", &Script{Outcome: OutcomeDegraded, Message: "OOMKilled"}, outcome{Sync: "Synced", Health: "Degraded",
			Phase: "Succeeded", OpMessage: msgSucceeded, DeploymentMessage: "OOMKilled",
			HealthSince: refreshed.Add(30 * time.Second), History: 2}},
		{"Stuck", &Script{Outcome: OutcomeStuck}, outcome{Sync: "Synced", Health: "Progressing", Phase: "Succeeded",
			OpMessage: msgSucceeded, DeploymentMessage: msgWaitingRollout, HealthSince: refreshed, History: 2}},
		// An automated sync that fails is retried 5 times (see TestRetries).
		{"SyncFailed", &Script{Outcome: OutcomeSyncFailed}, outcome{Sync: "OutOfSync", Health: "Healthy", Phase: "Failed",
			OpMessage:   `one or more objects failed to apply, reason: Deployment.apps "api" is invalid: spec.template.spec.containers[0].image: Required value (retried 5 times).`,
			HealthSince: t0, History: 1}},
		{"SyncFailedMessage", &Script{Outcome: OutcomeSyncFailed, Message: "one or more objects failed to apply, reason: quota exceeded"},
			outcome{Sync: "OutOfSync", Health: "Healthy", Phase: "Failed",
				OpMessage: "one or more objects failed to apply, reason: quota exceeded (retried 5 times).", HealthSince: t0, History: 1}},
		{"SyncError", &Script{Outcome: OutcomeSyncError}, outcome{Sync: "OutOfSync", Health: "Healthy", Phase: "Error",
			OpMessage: msgError + " (retried 5 times).", HealthSince: t0, History: 1}},
		{"Missing", &Script{Outcome: OutcomeMissing}, outcome{Sync: "OutOfSync", Health: "Missing", Phase: "Succeeded",
			OpMessage: msgSucceeded, HealthSince: refreshed, History: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokAdmin)
			if tt.script != nil {
				f.script(t, "api-staging", *tt.script)
			}
			f.src.Commit(repo, "main", stgFile)
			f.advance(t, time.Minute)
			f.advance(t, 10*time.Minute)
			a := get(t, c, "api-staging")
			if diff := cmp.Diff(tt.want, outcomeOf(a)); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if a.Operation != nil || !a.Status.OperationState.StartedAt.UTC().Equal(t0.Add(time.Minute)) {
				t.Errorf("operation %v started at %v: want one finished operation, started at +1m", a.Operation, a.Status.OperationState.StartedAt)
			}
		})
	}
}

// TestScriptLifetime: an unbound script is used by the next rollout only; a
// revision-bound one by every rollout of that revision.
func TestScriptLifetime(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.script(t, "api-staging", Script{Outcome: OutcomeDegraded})
	rollout := func() string {
		f.src.Commit(repo, "main", stgFile)
		f.advance(t, time.Minute)
		f.advance(t, 10*time.Minute)
		return string(get(t, c, "api-staging").Status.Health.Status)
	}
	if got := rollout(); got != "Degraded" {
		t.Fatalf("first rollout: health %s, want Degraded", got)
	}
	if got := rollout(); got != "Healthy" {
		t.Fatalf("second rollout: health %s, want Healthy", got)
	}

	bad := get(t, c, "api-production").Status.Sync.Revision
	f.script(t, "api-production", Script{Outcome: OutcomeStuck, Revision: bad})
	for i := range 2 {
		if _, err := c.Sync(t.Context(), syncReq("api-production", bad)); err != nil {
			t.Fatal(err)
		}
		f.advance(t, 0)
		f.advance(t, 10*time.Minute)
		// The revision is already deployed: nothing changes, so no rollout.
		if got := string(get(t, c, "api-production").Status.Health.Status); got != "Healthy" {
			t.Fatalf("sync %d of the deployed revision: health %s, want Healthy", i, got)
		}
	}
	next := f.src.Commit(repo, "main", prodFile)
	f.script(t, "api-production", Script{Outcome: OutcomeStuck, Revision: next})
	fresh := f.src.Commit(repo, "main", prodFile)
	for i, rev := range []string{next, bad, next, fresh} {
		if _, err := c.Sync(t.Context(), syncReq("api-production", rev)); err != nil {
			t.Fatal(err)
		}
		f.advance(t, 0)
		f.advance(t, 10*time.Minute)
		want := map[string]string{next: "Progressing", bad: "Progressing", fresh: "Healthy"}[rev]
		if got := string(get(t, c, "api-production").Status.Health.Status); got != want {
			t.Fatalf("sync %d to %s: health %s, want %s", i, rev[:7], got, want)
		}
	}
}

// TestSetHealth: a Healthy app degrades later, as the watch must report.
func TestSetHealth(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.clock.Advance(time.Hour)
	if err := f.srv.SetHealth("api-production", "Degraded", "Deployment \"api\" has 0 available replicas"); err != nil {
		t.Fatal(err)
	}
	want := outcome{Sync: "Synced", Health: "Degraded", Phase: "Succeeded", OpMessage: msgSucceeded,
		DeploymentMessage: "Deployment \"api\" has 0 available replicas", HealthSince: t0.Add(time.Hour), History: 1}
	if diff := cmp.Diff(want, outcomeOf(get(t, c, "api-production"))); diff != "" {
		t.Errorf("outcome (-want +got):\n%s", diff)
	}
}

// TestScriptWaitsForRollout: a sync that changes nothing leaves the next
// rollout's script in place.
func TestScriptWaitsForRollout(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokAdmin)
	f.script(t, "api-production", Script{Outcome: OutcomeDegraded})
	var got []string
	for _, commit := range []bool{false, true} {
		if commit {
			f.src.Commit(repo, "main", prodFile)
			f.advance(t, time.Minute)
		}
		if _, err := c.Sync(t.Context(), syncReq("api-production", "main")); err != nil {
			t.Fatal(err)
		}
		f.advance(t, 0)
		f.advance(t, 10*time.Minute)
		got = append(got, string(get(t, c, "api-production").Status.Health.Status))
	}
	if diff := cmp.Diff([]string{"Healthy", "Degraded"}, got); diff != "" {
		t.Errorf("health after each sync (-want +got):\n%s", diff)
	}
}
