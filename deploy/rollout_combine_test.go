package deploy

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestAssessRollouts(t *testing.T) {
	now := afterMerge(3 * time.Minute)
	named := func(app string, r Rollout) Rollout { r.App = app; return r }
	healthy := appBeforeMerge()
	healthy.SyncedRevision, healthy.ComparedRevision, healthy.OperationRevision = revLater, revLater, revLater
	healthy.OperationStarted, healthy.OperationEnded = afterMerge(time.Minute), afterMerge(time.Minute+5*time.Second)
	healthy.ReconciledAt = afterMerge(2 * time.Minute)
	degraded := healthy
	degraded.Health = healthDegraded
	tests := []struct {
		name      string
		rs        []Rollout
		wantPhase RolloutPhase
		wantIndex int
		wantIn    string
	}{
		{name: "OKOne", rs: []Rollout{named("api-production", healthy)}, wantPhase: PhaseDeployed, wantIndex: 0, wantIn: "api-production is Healthy"},
		{name: "OKAllDeployed", rs: []Rollout{named("api-production", healthy), named("billing-production", healthy)},
			wantPhase: PhaseDeployed, wantIndex: 0, wantIn: "api-production is Healthy at bbbbbbb; billing-production is Healthy"},
		{name: "OKLeastAdvanced", rs: []Rollout{named("api-production", healthy), named("billing-production", appSyncRunning())},
			wantPhase: PhaseSyncing, wantIndex: 1, wantIn: "billing-production: the sync of a9f8e7d is running"},
		{name: "ErrOneFailed", rs: []Rollout{named("api-production", appSyncRunning()), named("billing-production", degraded)},
			wantPhase: PhaseFailed, wantIndex: 1, wantIn: "billing-production is Degraded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, i := AssessRollouts(testWatchInput(), tt.rs, now)
			got := struct {
				Phase RolloutPhase
				Index int
			}{v.Phase, i}
			want := struct {
				Phase RolloutPhase
				Index int
			}{tt.wantPhase, tt.wantIndex}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" || !strings.Contains(v.Reason, tt.wantIn) {
				t.Errorf("AssessRollouts (-want +got):\n%s\nreason %q, want it to contain %q", diff, v.Reason, tt.wantIn)
			}
		})
	}
}

func TestRollbackPlanAll(t *testing.T) {
	changes := []ServiceChange{{Service: "api", From: "v9.1.0", To: "v9.1.1"}, {Service: "billing", From: "v2.0.2", To: "v2.0.3"}}
	tests := []struct {
		name string
		p    Promotion
		want string
	}{
		{name: "OKPromote", p: Promotion{Kind: KindPromote, Service: AllServices, Changes: changes},
			want: "revert to api v9.1.0, billing v2.0.2 (one revert commit of this pull request)"},
		{name: "OKRollback", p: Promotion{Kind: KindRollback, Service: AllServices, Changes: reversed(changes)},
			want: "re-promote api v9.1.1, billing v2.0.3 if the rollback was a mistake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, rollbackPlan(tt.p)); diff != "" {
				t.Errorf("rollbackPlan (-want +got):\n%s", diff)
			}
		})
	}
}
