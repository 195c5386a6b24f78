package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/store"
)

// People's GitHub tokens in the approval tests: noor approves production,
// maria promotes to it.
const (
	noorToken  = "ghp_NoorPersonalToken0123456789abcde"
	mariaToken = "ghp_MariaPersonalToken0123456789abcd"
)

// newApprovals is a pipeline whose config maps the GitHub logins noor and
// maria to their Slack IDs (people:) and lists noor by their ID among
// production's approvers, and whose GitHub knows their tokens; with
// serve, a serve runs on it.
func newApprovals(t *testing.T, serve bool) *pipeline {
	t.Helper()
	p := newPipeline(t)
	data, err := os.ReadFile(p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	const from = "approvers: [S0PLATFORMLEADS]"
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %q to add %s to", p.cfg, from, standins.Noor)
	}
	data = bytes.Replace(data, []byte(from), []byte("approvers: [S0PLATFORMLEADS, "+standins.Noor+"]"), 1)
	data = append(data, []byte("people:\n  "+standins.Noor+": noor\n  "+standins.Maria+": maria\n")...)
	if err := os.WriteFile(p.cfg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if p.si.Config, err = config.Load(p.cfg); err != nil {
		t.Fatal(err)
	}
	p.si.GitHub.AddToken(noorToken, githubfake.Token{Login: "noor"})
	p.si.GitHub.AddToken(mariaToken, githubfake.Token{Login: "maria"})
	if serve {
		p.serve()
	}
	return p
}

// as runs the command line with DEPLOYBOT_TOKEN set to token.
func (p *pipeline) as(token, sub string, args ...string) result {
	p.t.Helper()
	p.token = token
	return p.run(20*time.Second, sub, args...)
}

// promoteAs requests a promotion with token and returns its ID.
func (p *pipeline) promoteAs(t *testing.T, token string, args ...string) string {
	t.Helper()
	r := p.as(token, "promote", args...)
	r.want(t, 0, []string{"pull request: "}, nil)
	m := regexp.MustCompile(`promotion (\S+):`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("promote printed no promotion ID:\n%s", r.stdout)
	}
	return m[1]
}

// promotion reads promotion id: through the serve when one runs, else
// from the store.
func (p *pipeline) promotion(t *testing.T, id string) deploy.Promotion {
	t.Helper()
	if p.d != nil {
		got, err := p.api("").Promotion(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	s, err := store.Open(store.Options{Path: p.si.StorePath, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.GetPromotion(id)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// pr returns the GitOps pull request number n.
func (p *pipeline) pr(t *testing.T, n int) githubfake.PullRequest {
	t.Helper()
	for _, pr := range p.prs() {
		if pr.Number == n {
			return pr
		}
	}
	t.Fatalf("no pull request #%d among %+v", n, p.prs())
	return githubfake.PullRequest{}
}

// approvalState is what the approval tests compare of a promotion and
// its pull request.
type approvalState struct {
	State     deploy.State
	Approvers []string
	PRState   string
	Merged    bool
}

// approvalOf returns promotion id's approvalState.
func (p *pipeline) approvalOf(t *testing.T, id string) approvalState {
	t.Helper()
	got := p.promotion(t, id)
	pr := p.pr(t, got.PR.Number)
	st := approvalState{State: got.State, PRState: pr.State, Merged: pr.Merged}
	for _, a := range got.Approvals {
		st.Approvers = append(st.Approvers, a.By)
	}
	return st
}

func TestApprove(t *testing.T) {
	for _, mode := range []struct {
		name  string
		serve bool
	}{{"WithoutServe", false}, {"ThroughServe", true}} {
		t.Run(mode.name, func(t *testing.T) {
			p := newApprovals(t, mode.serve)
			web := p.promoteAs(t, ciToken, "web", "3.1", "prod")
			waiting := approvalState{State: deploy.StatePROpen, PRState: "open"}

			t.Run("ErrAutomation", func(t *testing.T) {
				for _, token := range []string{ciToken, nightlyToken} {
					p.as(token, "approve", web).want(t, 2, nil,
						[]string{"An automation (automation:", "can never approve; a person must"})
				}
				if diff := cmp.Diff(waiting, p.approvalOf(t, web)); diff != "" {
					t.Errorf("after refused approvals (-want +got):\n%s", diff)
				}
			})
			t.Run("ErrRequester", func(t *testing.T) {
				api := p.promoteAs(t, mariaToken, "api", "v9.1.1", "prod")
				p.as(mariaToken, "approve", api).want(t, 2, nil, []string{"You can't approve your own promotion"})
				if diff := cmp.Diff(waiting, p.approvalOf(t, api)); diff != "" {
					t.Errorf("after the requester's approval (-want +got):\n%s", diff)
				}
			})
			t.Run("ErrUnknownID", func(t *testing.T) {
				r := p.as(noorToken, "approve", "p-nope")
				r.want(t, 2, nil, []string{`there is no promotion "p-nope"`, "deploybot status", "deploybot history"})
				if r.stdout != "" {
					t.Errorf("stdout of a refused approve:\n%s", r.stdout)
				}
			})
			t.Run("ErrNoID", func(t *testing.T) {
				p.as(noorToken, "approve").want(t, 2, nil, []string{"accepts 1 arg(s), received 0", "approve --config FILE PROMOTION_ID"})
			})
			t.Run("OK", func(t *testing.T) {
				r := p.as(noorToken, "approve", web)
				r.want(t, 0, []string{"promotion " + web + " (web 3.1 in production) approved by @noor: Approved by @noor on the command line — 1 of 1",
					"merged: merged at ", "pull request: ", "/acme/gitops/pull/"}, nil)
				got := p.approvalOf(t, web)
				if got.State == deploy.StateWatching || got.State == deploy.StateSucceeded {
					got.State = deploy.StateMerged // serve moves it on meanwhile
				}
				want := approvalState{State: deploy.StateMerged, Approvers: []string{standins.Noor}, PRState: "closed", Merged: true}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("after noor's approval (-want +got):\n%s", diff)
				}
			})
			t.Run("ErrAlreadyMerged", func(t *testing.T) {
				p.as(noorToken, "approve", web).want(t, 2, nil, []string{"Can't approve " + web, "it can no longer be approved"})
			})
		})
	}
}

// TestApproveStoreHeld: without a serve, a store another process holds is
// a dependency that is busy: exit 3, nothing approved.
func TestApproveStoreHeld(t *testing.T) {
	p := newApprovals(t, false)
	web := p.promoteAs(t, ciToken, "web", "3.1", "prod")
	s, err := store.Open(store.Options{Path: p.si.StorePath})
	if err != nil {
		t.Fatal(err)
	}
	p.as(noorToken, "approve", web).want(t, 3, nil, []string{"another deploybot", "holds", p.si.StorePath})
	p.as(noorToken, "cancel", web).want(t, 3, nil, []string{"another deploybot", "holds"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	want := approvalState{State: deploy.StatePROpen, PRState: "open"}
	if diff := cmp.Diff(want, p.approvalOf(t, web)); diff != "" {
		t.Errorf("after approve and cancel on a held store (-want +got):\n%s", diff)
	}
}
