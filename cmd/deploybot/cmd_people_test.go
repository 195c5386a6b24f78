package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
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
