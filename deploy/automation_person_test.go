package deploy

import (
	"strings"
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestCheckAutomation(t *testing.T) {
	cfg, err := config.Parse("deploybot.yaml", []byte(`
slack: {channel: C0123456789}
github: {repository: acme/gitops}
argocd: {server: "argocd:443"}
store: {path: deploybot.db}
environments:
  - {name: staging, aliases: [stg]}
  - {name: production, aliases: [prod], after: staging, promoters: [U0MARIA, "automation:release"]}
services:
  api:
    files:
      - {path: "envs/{env}/api.yaml", key: image.tag}
automation:
  - {name: release, token: {env: RELEASE_TOKEN}, environments: [staging]}
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		person Person
		env    string
		code   fault.Code
		msg    string
	}{
		{"OKPerson", Person{ID: "U0MARIA"}, "production", "", ""},
		{"OKAlias", Person{ID: "automation:release"}, "stg", "", ""},
		{"ErrOtherEnv", Person{ID: "automation:release"}, "prod", fault.CodeUnauthorised, "may act only in staging, not in production"},
		{"ErrUnknown", Person{ID: "automation:other"}, "staging", fault.CodeUnauthorised, `no automation "other"`},
		{"ErrUnknownEnv", Person{ID: "automation:release"}, "qa", fault.CodeInvalid, "qa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAutomation(cfg, tt.person, tt.env)
			if got := fault.ErrorCode(err); got != tt.code || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
				t.Errorf("CheckAutomation = %v (%q), want %q containing %q", err, got, tt.code, tt.msg)
			}
		})
	}
}

func TestCheckApproverRefusesAutomation(t *testing.T) {
	p := Promotion{ID: "p1", Kind: KindPromote, State: StatePROpen, Requester: "U0MARIA"}
	for _, env := range []config.Environment{
		{Name: "production", Approvals: 1},                               // anyone but the requester
		{Name: "production", Approvals: 1, Approvers: []string{"U0SAM"}}, // only sam
	} {
		err := CheckApprover(env, p, Person{ID: "automation:release"}, 1)
		if fault.ErrorCode(err) != fault.CodeUnauthorised || !strings.Contains(err.Error(), "can never approve") {
			t.Errorf("approvers %v: CheckApprover(automation) = %v, want unauthorised: can never approve", env.Approvers, err)
		}
	}
}
