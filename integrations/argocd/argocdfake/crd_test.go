package argocdfake_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient"
	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// sample is one Application as a client received it at one step.
type sample struct {
	step string
	app  *v1alpha1.Application
	json []byte
}

// testdrive runs the testdrive's stand-ins (integrations/standins) on a
// fake clock and takes their four Applications through the states
// deploybot watches, returning every Application as the apiclient
// received it (over gRPC) after each step, marshalled to JSON.
func testdrive(t *testing.T) []sample {
	t.Helper()
	ctx := t.Context()
	si, err := standins.Start(ctx, standins.Options{Dir: t.TempDir(), Clock: argocdfake.NewFakeClock(
		time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)), TickEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(si.Close)
	c, err := apiclient.NewClient(&apiclient.ClientOptions{ServerAddr: si.Argo.Addr(), PlainText: true,
		AuthToken: si.Secrets.ArgoCDAuthToken.Reveal(), ConfigPath: filepath.Join(t.TempDir(), "argocd-config")})
	if err != nil {
		t.Fatal(err)
	}
	closer, apps, err := c.NewApplicationClient()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closer.Close() })

	var out []sample
	take := func(step string) {
		t.Helper()
		list, err := apps.List(ctx, &application.ApplicationQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range list.Items {
			a := &list.Items[i]
			doc, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, sample{step: step, app: a, json: doc})
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	advance := func(d time.Duration) { t.Helper(); must(si.Argo.Advance(ctx, d)) }
	push := func(files ...string) string {
		t.Helper()
		contents := map[string][]byte{}
		for _, f := range files {
			contents[f] = []byte("# changed at " + time.Now().String() + "\n")
		}
		sha, err := si.GitHub.PushCommit(standins.GitOpsRepo, "main", "maria", "change", contents)
		must(err)
		return sha
	}

	take("Seeded")
	must(si.Argo.Script("web-staging", argocdfake.Script{Outcome: argocdfake.OutcomeDegraded}))
	must(si.Argo.Script("api-staging", argocdfake.Script{Outcome: argocdfake.OutcomeSyncFailed}))
	must(si.Argo.Script("web-production", argocdfake.Script{Outcome: argocdfake.OutcomeMissing}))
	sha := push("environments/staging/api/config.yaml", "apps/web/overlays/staging/kustomization.yaml",
		"environments/production/api/config.yaml", "apps/web/overlays/production/kustomization.yaml")
	advance(0)
	take("OutOfSync, automated syncs Running")
	for _, name := range []string{"api-production", "web-production"} {
		_, err := apps.Sync(ctx, &application.ApplicationSyncRequest{Name: &name, Revision: &sha})
		must(err)
	}
	take("Sync requested")
	advance(0)
	take("Manual syncs Running")
	advance(standins.DefaultTiming.Sync)
	take("Operations ended")
	advance(standins.DefaultTiming.Refresh)
	take("Progressing")
	advance(standins.DefaultTiming.Progress)
	take("Healthy, Degraded, Missing")
	advance(15 * time.Minute)
	take("Settled")
	must(si.GitHub.DeleteBranch(standins.GitOpsRepo, "main"))
	if err := si.Argo.Advance(ctx, standins.DefaultTiming.Reconcile); err == nil {
		t.Fatal("Advance with the branch deleted: no comparison error")
	}
	take("ComparisonError")
	return out
}

// TestCRDShape checks every Application the testdrive's stand-in serves
// against the Application CRD of argo-cd v2.14.21: what the API server
// would refuse or drop must be nothing. The ErrX subtests show the check
// catches each kind of problem.
func TestCRDShape(t *testing.T) {
	schema := loadCRDSchema(t)
	samples := testdrive(t)
	steps := map[string]bool{}
	for _, s := range samples {
		steps[s.step] = true
		t.Run("OK/"+s.step+"/"+s.app.Name, func(t *testing.T) {
			if diff := cmp.Diff([]string(nil), schema.check(s.json)); diff != "" {
				t.Errorf("the CRD objects (-want +got):\n%s\n%s", diff, s.json)
			}
		})
	}
	if len(steps) != 9 || len(samples) != 36 {
		t.Fatalf("%d samples in %d steps, want 4 apps in 9 steps", len(samples), len(steps))
	}

	healthy := samples[0].app
	tests := []struct {
		name   string
		mangle func(a *v1alpha1.Application) []byte
		want   []string
	}{
		{"ErrHistoryWithoutDeployedAt", func(a *v1alpha1.Application) []byte {
			a.Status.History[0].DeployedAt.Time = time.Time{}
			return marshal(t, a)
		}, []string{"status.history[0].deployedAt: null, want string"}},
		{"ErrResultWithoutKind", func(a *v1alpha1.Application) []byte {
			doc := decode(t, marshal(t, a))
			res := doc["status"].(map[string]any)["operationState"].(map[string]any)["syncResult"].(map[string]any)["resources"].([]any)
			delete(res[0].(map[string]any), "kind")
			return encode(t, doc)
		}, []string{"status.operationState.syncResult.resources[0].kind: required, missing"}},
		{"ErrUnknownField", func(a *v1alpha1.Application) []byte {
			doc := decode(t, marshal(t, a))
			doc["status"].(map[string]any)["sync"].(map[string]any)["comparedRevision"] = "abc"
			return encode(t, doc)
		}, []string{"status.sync.comparedRevision: unknown field, the API server would drop it"}},
		{"ErrWrongType", func(a *v1alpha1.Application) []byte {
			doc := decode(t, marshal(t, a))
			doc["status"].(map[string]any)["history"].([]any)[0].(map[string]any)["id"] = "0"
			return encode(t, doc)
		}, []string{"status.history[0].id: string, want integer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schema.check(tt.mangle(healthy.DeepCopy()))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encode(t *testing.T, m map[string]any) []byte {
	t.Helper()
	return marshal(t, m)
}
