package deploy

import (
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestCheckPromoter(t *testing.T) {
	restricted := config.Environment{
		Name:      "production",
		Promoters: []string{"S0DEVS", "U0LI"},
		Approvers: []string{"S0LEADS", "U0LI"},
	}
	tests := []struct {
		name   string
		env    config.Environment
		person Person
		want   gateResult
	}{
		{"OKAnyone", config.Environment{Name: "staging", Approvers: []string{"S0LEADS"}}, Person{ID: "U0X"}, gateResult{}},
		{"OKPromoterByID", restricted, Person{ID: "U0LI"}, gateResult{}},
		{"OKPromoterByGroup", restricted, Person{ID: "U0X", Groups: []string{"S0OTHER", "S0DEVS"}}, gateResult{}},
		{"OKApprover", restricted, Person{ID: "U0X", Groups: []string{"S0LEADS"}}, gateResult{}},
		{"ErrNotPromoter", restricted, Person{ID: "U0X", Groups: []string{"S0OTHER"}}, gateResult{fault.CodeUnauthorised,
			"You can't promote to production. Ask someone in <!subteam^S0DEVS>, <@U0LI> or <!subteam^S0LEADS>."}},
		{"ErrNobody", restricted, Person{}, gateResult{fault.CodeUnauthorised,
			"You can't promote to production. Ask someone in <!subteam^S0DEVS>, <@U0LI> or <!subteam^S0LEADS>."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, gateOutcome(t, CheckPromoter(tt.env, tt.person))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckRollbacker(t *testing.T) {
	tests := []struct {
		name   string
		env    config.Environment
		person Person
		want   gateResult
	}{
		{"OKAnyone", config.Environment{Name: "staging"}, Person{ID: "U0X"}, gateResult{}},
		{"OKPromoter", config.Environment{Name: "production", Promoters: []string{"U0LI"}, Approvers: []string{"S0LEADS"}},
			Person{ID: "U0LI"}, gateResult{}},
		{"OKApproverGroup", config.Environment{Name: "production", Approvers: []string{"S0LEADS"}},
			Person{ID: "U0X", Groups: []string{"S0LEADS"}}, gateResult{}},
		{"ErrOnlyApprovers", config.Environment{Name: "production", Approvers: []string{"S0LEADS"}},
			Person{ID: "U0X"}, gateResult{fault.CodeUnauthorised, "You can't roll back production. Ask someone in <!subteam^S0LEADS>."}},
		{"ErrNotListed", config.Environment{Name: "production", Promoters: []string{"U0LI"}, Approvers: []string{"S0LEADS"}},
			Person{ID: "U0X", Groups: []string{"S0DEVS"}}, gateResult{fault.CodeUnauthorised,
				"You can't roll back production. Ask someone in <@U0LI> or <!subteam^S0LEADS>."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, gateOutcome(t, CheckRollbacker(tt.env, tt.person))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
