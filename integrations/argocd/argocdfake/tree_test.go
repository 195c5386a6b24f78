package argocdfake

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"github.com/google/go-cmp/cmp"
)

// node is what a test checks of a ResourceNode.
type node struct {
	Kind, Health, Message, Reason string
}

func TestResourceTree(t *testing.T) {
	tests := []struct {
		name   string
		script *Script
		want   []node
	}{
		{"OK", nil, []node{{"Service", "Healthy", "", ""}, {"Deployment", "Healthy", "", ""},
			{"ReplicaSet", "Healthy", "", ""}, {"Pod", "Healthy", "", "Running"}}},
		{"Degraded", &Script{Outcome: OutcomeDegraded}, []node{{"Service", "Healthy", "", ""},
			{"Deployment", "Degraded", `Deployment "api" exceeded its progress deadline`, ""},
			{"ReplicaSet", "Progressing", msgWaitingRollout, ""},
			{"Pod", "Degraded", "back-off 5m0s restarting failed container=api pod=", "CrashLoopBackOff"}}},
		{"Stuck", &Script{Outcome: OutcomeStuck}, []node{{"Service", "Healthy", "", ""},
			{"Deployment", "Progressing", msgWaitingRollout, ""}, {"ReplicaSet", "Progressing", msgWaitingRollout, ""},
			{"Pod", "Progressing", "", "ContainerCreating"}}},
		{"Missing", &Script{Outcome: OutcomeMissing}, []node{{"Service", "Healthy", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tokRead)
			if tt.script != nil {
				f.script(t, "api-staging", *tt.script)
			}
			head := f.src.Commit(repo, "main", stgFile)
			f.advance(t, time.Minute)
			f.advance(t, 10*time.Minute)
			tree, err := c.ResourceTree(t.Context(), &application.ResourcesQuery{ApplicationName: ptr("api-staging")})
			if err != nil {
				t.Fatal(err)
			}
			var got []node
			for _, n := range tree.Nodes {
				g := node{Kind: n.Kind, Health: string(n.Health.Status), Message: n.Health.Message}
				if n.Kind == "Pod" {
					g.Message, _, _ = strings.Cut(g.Message, "pod=")
					if g.Message != "" {
						g.Message += "pod="
					}
					g.Reason = n.Info[0].Value
					if want := []string{"ghcr.io/acme/api:" + head[:7]}; !cmp.Equal(want, n.Images) {
						t.Errorf("pod images = %v, want %v", n.Images, want)
					}
				}
				if n.Namespace != "api-staging" {
					t.Errorf("%s %s in namespace %q, want api-staging", n.Kind, n.Name, n.Namespace)
				}
				got = append(got, g)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestManagedResources(t *testing.T) {
	f := newFixture(t)
	c := f.client(t, tokRead)
	f.src.Commit(repo, "main", prodFile)
	f.advance(t, time.Minute)
	tests := []struct {
		name string
		q    application.ResourcesQuery
		want []string
	}{
		{"OK", application.ResourcesQuery{ApplicationName: ptr("api-production")},
			[]string{"Service api modified=false", "Deployment api modified=true"}},
		{"OKKind", application.ResourcesQuery{ApplicationName: ptr("api-production"), Kind: ptr("Deployment")},
			[]string{"Deployment api modified=true"}},
		{"OKSynced", application.ResourcesQuery{ApplicationName: ptr("api-staging")},
			[]string{"Service api modified=false", "Deployment api modified=false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.ManagedResources(t.Context(), &tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Items {
				got = append(got, fmt.Sprintf("%s %s modified=%v", d.Kind, d.Name, d.Modified))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}
