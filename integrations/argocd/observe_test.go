package argocd

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

const (
	msgSucceeded = "successfully synced (all tasks run)"
	msgWaiting   = "Waiting for rollout to finish: 0 of 1 updated replicas are available..."
)

// deployedAtStart is api-production as AddApp deploys it at t0.
func deployedAtStart(f *fixture) deploy.Rollout {
	return deploy.Rollout{
		App: "api-production", SyncStatus: "Synced", SyncedRevision: f.head, ComparedRevision: f.head,
		DeployedRevision: f.head, DeployedAt: t0, TargetRevision: "main", Health: "Healthy", HealthSince: t0,
		OperationPhase: "Succeeded", OperationMessage: msgSucceeded, OperationRevision: f.head,
		OperationStarted: t0, OperationEnded: t0, ReconciledAt: t0,
		Images: []string{"ghcr.io/acme/api:" + f.head[:7]}, ObservedAt: t0,
	}
}

// rollOut merges a change of api-production at t0 and syncs it at +1m:
// Running at +1m, Succeeded at +1m5s, reconciled (Progressing) at +1m7s,
// and at +1m37s the script's outcome. It returns the merge SHA.
func rollOut(t *testing.T, f *fixture, c *Client, sc argocdfake.Script) string {
	t.Helper()
	f.script(t, "api-production", sc)
	sha := f.merge(prodFile)
	f.advance(t, time.Minute)
	if err := c.Sync(t.Context(), "api-production", sha, false); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 0)
	f.advance(t, 5*time.Second)
	f.advance(t, 2*time.Second)
	f.advance(t, 30*time.Second)
	return sha
}

// rolledOut is api-production after rollOut of sha ended in health at +1m37s.
func rolledOut(sha, health string) deploy.Rollout {
	return deploy.Rollout{
		App: "api-production", SyncStatus: "Synced", SyncedRevision: sha, ComparedRevision: sha,
		DeployedRevision: sha, DeployedAt: at(time.Minute + 5*time.Second), TargetRevision: "main",
		Health: health, HealthSince: at(time.Minute + 37*time.Second),
		OperationPhase: "Succeeded", OperationMessage: msgSucceeded, OperationRevision: sha,
		OperationStarted: at(time.Minute), OperationEnded: at(time.Minute + 5*time.Second),
		ReconciledAt: at(time.Minute + 37*time.Second),
		Images:       []string{"ghcr.io/acme/api:" + sha[:7]}, ObservedAt: at(time.Minute + 37*time.Second),
	}
}

// fakeUID is argocdfake's deterministic UID, to name the fake's pods: a
// copy of the fake's unexported one, so the expected resources here are
// written down independently of the code that produces them.
func fakeUID(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p + "\x00"))
	}
	x := hex.EncodeToString(h.Sum(nil))
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// crashingPod is the fake's Degraded pod of api-production at revision.
func crashingPod(revision string) deploy.Resource {
	rs := "api-" + fakeUID(revision)[:10]
	pod := rs + "-" + fakeUID(revision, "pod")[:5]
	return deploy.Resource{Kind: "Pod", Namespace: "api", Name: pod, Health: "Degraded",
		Message: fmt.Sprintf("CrashLoopBackOff (back-off 5m0s restarting failed container=api pod=%s_api(%s))",
			pod, fakeUID("api-production", "pod", revision))}
}

func TestObserve(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*testing.T, *fixture, *Client) string // returns the merge SHA, if any
		want  func(f *fixture, sha string) deploy.Rollout
	}{
		{"OKHealthy", func(*testing.T, *fixture, *Client) string { return "" }, func(f *fixture, _ string) deploy.Rollout {
			return deployedAtStart(f)
		}},
		{"OKOutOfSync", func(t *testing.T, f *fixture, _ *Client) string {
			sha := f.merge(prodFile)
			f.advance(t, time.Minute)
			return sha
		}, func(f *fixture, sha string) deploy.Rollout {
			r := deployedAtStart(f)
			r.SyncStatus, r.ComparedRevision, r.ReconciledAt, r.ObservedAt = "OutOfSync", sha, at(time.Minute), at(time.Minute)
			return r
		}},
		{"OKSyncRunning", func(t *testing.T, f *fixture, c *Client) string {
			sha := f.merge(prodFile)
			f.advance(t, time.Minute)
			if err := c.Sync(t.Context(), "api-production", sha, true); err != nil {
				t.Fatal(err)
			}
			f.advance(t, 2*time.Second)
			return sha
		}, func(f *fixture, sha string) deploy.Rollout {
			r := deployedAtStart(f)
			r.SyncStatus, r.ComparedRevision, r.ReconciledAt, r.ObservedAt = "OutOfSync", sha, at(time.Minute), at(time.Minute+2*time.Second)
			r.OperationPhase, r.OperationMessage, r.OperationRevision = "Running", "one or more tasks are running", sha
			r.OperationStarted, r.OperationEnded = at(time.Minute), time.Time{} // stamped when due
			return r
		}},
		{"OKProgressing", func(t *testing.T, f *fixture, c *Client) string {
			sha := rollOut(t, f, c, argocdfake.Script{Outcome: argocdfake.OutcomeHealthy, After: time.Hour})
			return sha
		}, func(f *fixture, sha string) deploy.Rollout {
			r := rolledOut(sha, "Progressing")
			r.HealthSince, r.ReconciledAt, r.HealthMessage = at(time.Minute+7*time.Second), at(time.Minute+7*time.Second), msgWaiting
			pod := crashingPod(sha)
			pod.Health, pod.Message = "Progressing", "ContainerCreating"
			r.Unhealthy = []deploy.Resource{
				{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Progressing", Message: msgWaiting},
				{Kind: "ReplicaSet", Namespace: "api", Name: "api-" + fakeUID(sha)[:10], Health: "Progressing", Message: msgWaiting},
				pod,
			}
			return r
		}},
		{"OKDegradedNamesResources", func(t *testing.T, f *fixture, c *Client) string {
			return rollOut(t, f, c, argocdfake.Script{Outcome: argocdfake.OutcomeDegraded})
		}, func(f *fixture, sha string) deploy.Rollout {
			r := rolledOut(sha, "Degraded")
			r.HealthMessage = `Deployment "api" exceeded its progress deadline`
			r.Unhealthy = []deploy.Resource{
				{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Degraded", Message: `Deployment "api" exceeded its progress deadline`},
				crashingPod(sha),
				{Kind: "ReplicaSet", Namespace: "api", Name: "api-" + fakeUID(sha)[:10], Health: "Progressing", Message: msgWaiting},
			}
			return r
		}},
		{"OKMissing", func(t *testing.T, f *fixture, c *Client) string {
			return rollOut(t, f, c, argocdfake.Script{Outcome: argocdfake.OutcomeMissing})
		}, func(f *fixture, sha string) deploy.Rollout {
			r := rolledOut(sha, "Missing")
			r.SyncStatus, r.SyncedRevision = "OutOfSync", sha // the deployed revision
			r.HealthSince, r.ReconciledAt = at(time.Minute+7*time.Second), at(time.Minute+7*time.Second)
			r.Unhealthy = []deploy.Resource{{Kind: "Deployment", Namespace: "api", Name: "api", Health: "Missing"}}
			return r
		}},
		{"OKSyncFailed", func(t *testing.T, f *fixture, c *Client) string {
			return rollOut(t, f, c, argocdfake.Script{Outcome: argocdfake.OutcomeSyncFailed})
		}, func(f *fixture, sha string) deploy.Rollout {
			r := deployedAtStart(f) // nothing was deployed
			r.SyncStatus, r.ComparedRevision = "OutOfSync", sha
			r.OperationPhase, r.OperationRevision = "Failed", sha
			r.OperationMessage = `one or more objects failed to apply, reason: Deployment.apps "api" is invalid: spec.template.spec.containers[0].image: Required value`
			r.OperationStarted, r.OperationEnded = at(time.Minute), at(time.Minute+5*time.Second)
			r.ReconciledAt, r.ObservedAt = at(time.Minute), at(time.Minute+37*time.Second)
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokBot, nil)
			sha := tt.setup(t, f, c)
			got, err := c.Observe(t.Context(), "api-production")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want(f, sha), got); diff != "" {
				t.Errorf("Observe (-want +got):\n%s", diff)
			}
		})
	}
}

func TestObserveErrors(t *testing.T) {
	const hidden = "Argo CD has no application %s, or the token may not see it; check the name (argocdApp in deploybot.yaml) and the project role"
	tests := []struct {
		name  string
		token string
		app   string
		setup func(*testing.T, *fixture, *Client)
		want  errResult
	}{
		{"ErrNoSuchApp", tokBot, "api-prod", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "api-prod")}},
		{"ErrAppHiddenFromToken", tokBot, "web-production", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "web-production")}},
		{"ErrTokenSeesNothing", tokNoApps, "api-production", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "api-production")}},
		{"ErrBadToken", tokWrong, "api-production", nil, errResult{fault.CodeUnauthorised,
			"Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN): it is missing, invalid or expired; issue a new token for the bot's project role"}},
		{"ErrDeletedAfterSeen", tokBot, "api-production", func(t *testing.T, f *fixture, c *Client) {
			if _, err := c.Observe(t.Context(), "api-production"); err != nil {
				t.Fatal(err)
			}
			if err := f.srv.RemoveApp("api-production"); err != nil {
				t.Fatal(err)
			}
		}, errResult{fault.CodeNotFound,
			"Argo CD application api-production is gone from project default: it was deleted, renamed or moved where the token can't see it; check argocdApp in deploybot.yaml"}},
		{"ErrOtherNamespace", tokAdmin, "team-a/api-production", nil, errResult{fault.CodeNotFound, fmt.Sprintf(hidden, "team-a/api-production")}},
		{"ErrBadName", tokBot, "a/b/c", nil, errResult{fault.CodeInvalid, `"a/b/c" is not an Argo CD application name (name or namespace/name)`}},
		{"ErrEmptyName", tokBot, "", nil, errResult{fault.CodeInvalid, `"" is not an Argo CD application name (name or namespace/name)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tt.token, nil)
			if tt.setup != nil {
				tt.setup(t, f, c)
			}
			_, err := c.Observe(t.Context(), tt.app)
			if diff := cmp.Diff(tt.want, errOf(t, err)); diff != "" {
				t.Errorf("Observe error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestObserveUnreachable: a server that is not there is unavailable,
// naming the server, and Observe gives up when its context does.
func TestObserveUnreachable(t *testing.T) {
	c, err := New(Options{Server: "127.0.0.1:1", Plaintext: true, Token: config.NewSecret(tokBot)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Observe(t.Context(), "api-production")
	if got := errOf(t, err); got.Code != fault.CodeUnavailable || !strings.Contains(got.Message, "Argo CD at 127.0.0.1:1 is not answering") {
		t.Errorf("Observe = %v, want unavailable naming the server", err)
	}
	t.Logf("unreachable: %v", err)
}
