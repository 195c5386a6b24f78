package main

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// river is a Slack user in none of the stand-ins' user groups.
const river = "U0RIVER01"

// People's GitHub tokens in the group tests: noor is in @platform-leads
// (standins.LeadsGroup), river is not.
const (
	noorGroupToken  = "ghp_NoorGroupToken0123456789abcdefABC"
	riverGroupToken = "ghp_RiverGroupToken0123456789abcdefAB"
)

// TestServeGroupPromoterAPI: production's promoters list
// @platform-leads, not noor; noor, identified on the command line by
// their GitHub token, promotes through serve's local API because serve
// reads their user groups. river, in no group, is refused.
func TestServeGroupPromoterAPI(t *testing.T) {
	p := newPipeline(t)
	data, err := os.ReadFile(p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	const from = "promoters: [U0MARIA, "
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%s has no %q to add %s to", p.cfg, from, standins.LeadsGroup)
	}
	data = bytes.Replace(data, []byte(from), []byte("promoters: [U0MARIA, "+standins.LeadsGroup+", "), 1)
	data = append(data, []byte("people:\n  "+standins.Noor+": noor\n  "+river+": river\n")...)
	if err := os.WriteFile(p.cfg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if p.si.Config, err = config.Load(p.cfg); err != nil {
		t.Fatal(err)
	}
	p.si.GitHub.AddToken(noorGroupToken, githubfake.Token{Login: "noor"})
	p.si.GitHub.AddToken(riverGroupToken, githubfake.Token{Login: "river"})
	p.serve()
	t.Run("ErrNotInGroup", func(t *testing.T) {
		p.token = riverGroupToken
		r := p.run(20*time.Second, "promote", "web", "3.1", "prod")
		r.want(t, 2, nil, []string{"You can't promote to production"})
		if n := len(p.prs()); n != 0 {
			t.Errorf("%d pull requests after river's refused promote, want 0", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		p.token = noorGroupToken
		r := p.run(20*time.Second, "promote", "api", "v9.1.1", "prod")
		r.want(t, 0, []string{"api v9.1.0 → v9.1.1 in production", "pull request: "}, nil)
		if n := len(p.openPRs()); n != 1 {
			t.Errorf("%d open pull requests after noor's promote, want 1", n)
		}
	})
}

// TestE2EGitHubReviewByGroupApprover: production's approvers list only
// @platform-leads. A GitHub review by river (mapped by people:, in no
// group) does not count; one by noor, an approver only through the
// group, does, and the pull request merges. (web has no source
// repository, so noor wrote no change behind it: approverNotAuthor,
// which people: turns on in the stand-ins, does not apply.)
func TestE2EGitHubReviewByGroupApprover(t *testing.T) {
	w := newE2E(t, standins.Options{People: map[string]string{standins.Noor: "noor", river: "river"}})
	web, err := w.s.Promote(w.ctx, "maria", "/promote web 3.1 prod", 1)
	w.must(err)
	w.must(w.d.SI.GitHub.Approve(standins.GitOpsRepo, 1, "river"))
	w.must(testdrive.Within(w.ctx, "river's review shown as not counted", testdrive.StepTimeout, func() bool {
		return w.d.ThreadShows(web.TS, "not counted: <@"+river+"> on GitHub (not an approver of production)")
	}))
	if w.d.Merged(1) {
		t.Fatal("pull request #1 merged on river's review")
	}
	w.must(w.d.SI.GitHub.Approve(standins.GitOpsRepo, 1, "noor"))
	w.must(testdrive.Within(w.ctx, "the merge of pull request #1 after noor's review", testdrive.StepTimeout, func() bool { return w.d.Merged(1) }))
	w.must(testdrive.Within(w.ctx, "noor's review counted in the thread", testdrive.StepTimeout, func() bool {
		return w.d.ThreadShows(web.TS, "Approved by <@"+standins.Noor+"> on GitHub")
	}))
}

// TestForwardPeople: before the bot exists a person is their user ID
// only and the API's group lookup says why; after, both ask the bot.
func TestForwardPeople(t *testing.T) {
	ctx := context.Background()
	f := &forwardPeople{}
	t.Run("ErrNoBot", func(t *testing.T) {
		if diff := cmp.Diff(deploy.Person{ID: "U1"}, f.person(ctx, "U1")); diff != "" {
			t.Errorf("person (-want +got):\n%s", diff)
		}
		if _, err := f.groups(ctx, "U1"); err != errNoPeople {
			t.Errorf("groups error = %v, want %v", err, errNoPeople)
		}
	})
	t.Run("OK", func(t *testing.T) {
		f.set(fixedPeople{"U1": {"S0LEADS"}})
		if diff := cmp.Diff(deploy.Person{ID: "U1", Groups: []string{"S0LEADS"}}, f.person(ctx, "U1")); diff != "" {
			t.Errorf("person (-want +got):\n%s", diff)
		}
		got, err := f.groups(ctx, "U1")
		if diff := cmp.Diff([]string{"S0LEADS"}, got); diff != "" || err != nil {
			t.Errorf("groups = %v, %v; want S0LEADS (-want +got):\n%s", got, err, diff)
		}
	})
}

// fixedPeople is a personLookup of fixed group memberships.
type fixedPeople map[string][]string

func (f fixedPeople) Person(_ context.Context, id string) deploy.Person {
	return deploy.Person{ID: id, Groups: f[id]}
}
