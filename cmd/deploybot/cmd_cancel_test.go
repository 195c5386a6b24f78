package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

func TestCancel(t *testing.T) {
	for _, mode := range []struct {
		name  string
		serve bool
	}{{"WithoutServe", false}, {"ThroughServe", true}} {
		t.Run(mode.name, func(t *testing.T) {
			p := newApprovals(t, mode.serve)
			web := p.promoteAs(t, ciToken, "web", "3.1", "prod")
			api := p.promoteAs(t, ciToken, "api", "v9.1.1", "prod")
			cancelled := approvalState{State: deploy.StateCancelled, PRState: "closed"}

			t.Run("ErrNeitherRequesterNorApprover", func(t *testing.T) {
				p.as(mariaToken, "cancel", web).want(t, 2, nil, []string{"You can't cancel promotion " + web, "only its requester"})
				p.as(nightlyToken, "cancel", web).want(t, 2, nil, []string{"You can't cancel promotion " + web})
				want := approvalState{State: deploy.StatePROpen, PRState: "open"}
				if diff := cmp.Diff(want, p.approvalOf(t, web)); diff != "" {
					t.Errorf("after refused cancels (-want +got):\n%s", diff)
				}
			})
			t.Run("ErrUnknownID", func(t *testing.T) {
				p.as(noorToken, "cancel", "p-nope").want(t, 2, nil, []string{`there is no promotion "p-nope"`, "deploybot history"})
			})
			t.Run("OKByApprover", func(t *testing.T) {
				r := p.as(noorToken, "cancel", web)
				r.want(t, 0, []string{"promotion " + web + " (web 3.1 in production) cancelled by @noor: cancelled",
					"pull request closed: ", "/acme/gitops/pull/"}, nil)
				if diff := cmp.Diff(cancelled, p.approvalOf(t, web)); diff != "" {
					t.Errorf("after noor's cancel (-want +got):\n%s", diff)
				}
			})
			t.Run("OKByRequester", func(t *testing.T) {
				r := p.as(ciToken, "cancel", api)
				r.want(t, 0, []string{"promotion " + api + " (api v9.1.1 in production) cancelled by automation ci: cancelled"}, nil)
				if diff := cmp.Diff(cancelled, p.approvalOf(t, api)); diff != "" {
					t.Errorf("after the requester's cancel (-want +got):\n%s", diff)
				}
			})
			t.Run("ErrAlreadyCancelled", func(t *testing.T) {
				p.as(noorToken, "cancel", web).want(t, 2, nil, []string{"promotion is already cancelled"})
				if diff := cmp.Diff(cancelled, p.approvalOf(t, web)); diff != "" {
					t.Errorf("after a second cancel (-want +got):\n%s", diff)
				}
			})
		})
	}
}
