package argocd

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestSync(t *testing.T) {
	hidden := "Argo CD has no application api-prod, or the token may not see it; check the name (argocdApp in deploybot.yaml) and the project role"
	tests := []struct {
		name     string
		token    string
		app      string
		revision func(f *fixture, sha string) string
		before   func(*testing.T, *fixture, *Client)
		want     errResult
	}{
		{name: "OKManualApp", token: tokBot, app: "api-production"},
		{name: "OKTargetRevision", token: tokBot, app: "api-production", revision: func(*fixture, string) string { return "" }},
		{name: "ErrNoSyncRight", token: tokBot, app: "api-staging", want: errResult{fault.CodeUnauthorised,
			"deploybot's Argo CD token may not sync application api-staging: its project role needs the policy `applications, sync, default/api-staging, allow`"}},
		{name: "ErrNoSuchApp", token: tokBot, app: "api-prod", want: errResult{fault.CodeNotFound, hidden}},
		{name: "ErrBadToken", token: tokWrong, app: "api-production", want: errResult{fault.CodeUnauthorised,
			"Argo CD rejected deploybot's token (ARGOCD_AUTH_TOKEN): it is missing, invalid or expired; issue a new token for the bot's project role"}},
		{name: "ErrAutomatedPinsTarget", token: tokAdmin, app: "api-staging", want: errResult{fault.CodeConflict,
			"Argo CD won't sync api-staging now: Cannot sync to "}},
		{name: "ErrOperationInProgress", token: tokBot, app: "api-production", before: func(t *testing.T, f *fixture, c *Client) {
			if err := c.Sync(t.Context(), "api-production", "", false); err != nil {
				t.Fatal(err)
			}
		}, want: errResult{fault.CodeConflict,
			"Argo CD won't sync api-production now: another operation is already in progress"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.client(t, tt.token, nil)
			sha := f.merge(prodFile)
			f.advance(t, time.Minute)
			revision := sha
			if tt.revision != nil {
				revision = tt.revision(f, sha)
			}
			if tt.before != nil {
				tt.before(t, f, c)
			}
			err := c.Sync(t.Context(), tt.app, revision, true)
			got := errOf(t, err)
			if tt.name == "ErrAutomatedPinsTarget" && got.Code == fault.CodeConflict {
				got.Message = got.Message[:len(tt.want.Message)] // the rest names the revision
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("Sync error (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			f.advance(t, 0)
			f.advance(t, 5*time.Second)
			r, err := c.Observe(t.Context(), tt.app)
			if err != nil {
				t.Fatal(err)
			}
			want := deploy.Rollout{OperationPhase: "Succeeded", OperationRevision: sha, DeployedRevision: sha}
			got2 := deploy.Rollout{OperationPhase: r.OperationPhase, OperationRevision: r.OperationRevision, DeployedRevision: r.DeployedRevision}
			if diff := cmp.Diff(want, got2); diff != "" {
				t.Errorf("after Sync (-want +got):\n%s", diff)
			}
			app, _ := f.srv.App(tt.app)
			if op := app.Status.OperationState.Operation.Sync; !op.Prune || op.Revision != sha {
				t.Errorf("sync operation = %+v, want prune to %s", op, sha)
			}
		})
	}
}
