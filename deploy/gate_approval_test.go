package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestRequiredApprovals(t *testing.T) {
	env := config.Environment{Approvals: 2, Rollback: config.RollbackPolicy{Approvals: 0}}
	got := map[Kind]int{
		KindPromote:  RequiredApprovals(env, KindPromote),
		KindRollback: RequiredApprovals(env, KindRollback),
		"":           RequiredApprovals(env, ""),
	}
	want := map[Kind]int{KindPromote: 2, KindRollback: 0, "": 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestApprovalsMet(t *testing.T) {
	at := time.Date(2026, 3, 4, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name      string
		approvals []string
		required  int
		want      bool
	}{
		{"NoneNeeded", nil, 0, true},
		{"NoneGiven", nil, 1, false},
		{"One", []string{"U2"}, 1, true},
		{"RequesterDoesNotCount", []string{"U1"}, 1, false},
		{"DuplicatesCountOnce", []string{"U2", "U2"}, 2, false},
		{"TwoDistinct", []string{"U2", "U1", "U3"}, 2, true},
		{"EmptyApproverIgnored", []string{""}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Promotion{Requester: "U1"}
			for _, by := range tt.approvals {
				p.Approvals = append(p.Approvals, Approval{By: by, At: at})
			}
			if got := ApprovalsMet(p, tt.required); got != tt.want {
				t.Errorf("ApprovalsMet(%v, %d) = %v, want %v", tt.approvals, tt.required, got, tt.want)
			}
		})
	}
}

func TestCheckApprover(t *testing.T) {
	env := config.Environment{Name: "production", Approvals: 1, Approvers: []string{"S0PLATFORMLEADS", "U0123ABCD"}}
	base := func() Promotion {
		return Promotion{ID: "p-42", Kind: KindPromote, Service: "api", Env: "production", Requester: "U0MARIA", State: StatePROpen}
	}
	sam := Person{ID: "U0SAM", Groups: []string{"S0PLATFORMLEADS"}}
	notAuthor := env
	notAuthor.ApproverNotAuthor = true
	samGH := sam
	samGH.GitHubLogin = "sam-gh"
	byAuthor := func(login string) func(*Promotion) {
		return func(p *Promotion) { p.Version, p.OriginAuthor = "v9.1.1", login }
	}
	tests := []struct {
		name     string
		env      config.Environment
		mod      func(*Promotion)
		approver Person
		required int
		want     gateResult
	}{
		{"OK", env, func(*Promotion) {}, sam, 1, gateResult{}},
		{"OKByUserID", env, func(*Promotion) {}, Person{ID: "U0123ABCD"}, 1, gateResult{}},
		{"OKBeforePROpens", env, func(p *Promotion) { p.State = StateRequested }, sam, 1, gateResult{}},
		{"OKSecondOfTwo", env, func(p *Promotion) { p.Approvals = []Approval{{By: "U0123ABCD"}} }, sam, 2, gateResult{}},
		{"OKAnyoneWhenNoApprovers", config.Environment{Name: "staging"}, func(*Promotion) {}, Person{ID: "U0LI"}, 1, gateResult{}},
		{"ErrSelfApproval", env, func(p *Promotion) { p.Requester = "U0SAM" }, sam, 1, gateResult{fault.CodeUnauthorised,
			"You can't approve your own promotion. Ask someone in <!subteam^S0PLATFORMLEADS> or <@U0123ABCD>."}},
		{"ErrSelfApprovalRollback", env, func(p *Promotion) { p.Requester = "U0SAM"; p.Kind = KindRollback }, sam, 1, gateResult{fault.CodeUnauthorised,
			"You can't approve your own rollback. Ask someone in <!subteam^S0PLATFORMLEADS> or <@U0123ABCD>."}},
		{"ErrSelfApprovalNoApprovers", config.Environment{Name: "staging"}, func(p *Promotion) { p.Requester = "U0SAM" }, sam, 1, gateResult{fault.CodeUnauthorised,
			"You can't approve your own promotion. Ask someone else to approve it."}},
		{"ErrNotApprover", env, func(*Promotion) {}, Person{ID: "U0LI", Groups: []string{"S0DEVS"}}, 1, gateResult{fault.CodeUnauthorised,
			"You can't approve promotions to production. Ask someone in <!subteam^S0PLATFORMLEADS> or <@U0123ABCD>."}},
		{"ErrOriginAuthor", notAuthor, byAuthor("sam-gh"), samGH, 1, gateResult{fault.CodeUnauthorised,
			"You wrote the change behind v9.1.1 (the original pull request, by sam-gh); someone else must approve it. Ask someone in <!subteam^S0PLATFORMLEADS> or <@U0123ABCD>."}},
		{"ErrOriginAuthorCaseInsensitive", notAuthor, byAuthor("Sam-GH"), samGH, 1, gateResult{fault.CodeUnauthorised,
			"You wrote the change behind v9.1.1 (the original pull request, by Sam-GH); someone else must approve it. Ask someone in <!subteam^S0PLATFORMLEADS> or <@U0123ABCD>."}},
		{"OKOriginAuthorNotConfigured", env, byAuthor("sam-gh"), samGH, 1, gateResult{}},
		{"OKOtherAuthor", notAuthor, byAuthor("maria-gh"), samGH, 1, gateResult{}},
		{"OKOriginAuthorUnknown", notAuthor, byAuthor(""), samGH, 1, gateResult{}},
		{"OKApproverLoginUnknown", notAuthor, byAuthor("sam-gh"), sam, 1, gateResult{}},
		{"ErrAlreadyApproved", env, func(p *Promotion) { p.Approvals = []Approval{{By: "U0SAM"}} }, sam, 2, gateResult{fault.CodeConflict,
			"You already approved promotion p-42."}},
		{"ErrEnoughApprovals", env, func(p *Promotion) { p.Approvals = []Approval{{By: "U0123ABCD"}} }, sam, 1, gateResult{fault.CodeConflict,
			"Promotion p-42 already has 1 approval; it needs no more."}},
		{"ErrEnoughApprovalsTwo", env, func(p *Promotion) {
			p.Approvals = []Approval{{By: "U0123ABCD"}, {By: "U0LI"}, {By: "U0MARIA"}}
		}, sam, 2, gateResult{fault.CodeConflict, "Promotion p-42 already has 2 approvals; it needs no more."}},
		{"ErrNoneNeeded", env, func(p *Promotion) { p.Kind = KindRollback }, sam, 0, gateResult{fault.CodeConflict,
			"Rollback p-42 needs no approval."}},
		{"ErrApprovedState", env, func(p *Promotion) { p.State = StateApproved }, sam, 1, gateResult{fault.CodeConflict,
			"Can't approve p-42: promotion is already approved."}},
		{"ErrMerged", env, func(p *Promotion) { p.State = StateMerged }, sam, 1, gateResult{fault.CodeConflict,
			"Can't approve p-42: promotion is merged and waiting to sync; it can no longer be approved."}},
		{"ErrCancelled", env, func(p *Promotion) { p.State = StateCancelled }, sam, 1, gateResult{fault.CodeConflict,
			"Can't approve p-42: promotion was cancelled; it can no longer be approved."}},
		{"ErrStateBeforeSelf", env, func(p *Promotion) { p.State = StateSucceeded; p.Requester = "U0SAM" }, sam, 1, gateResult{fault.CodeConflict,
			"Can't approve p-42: promotion succeeded; it can no longer be approved."}},
		{"ErrUnknownState", env, func(p *Promotion) { p.State = "bogus" }, sam, 1, gateResult{fault.CodeInternal,
			`promotion p-42 has unknown state "bogus"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.mod(&p)
			got := gateOutcome(t, CheckApprover(tt.env, p, tt.approver, tt.required))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
