package deploy

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// RequiredApprovals returns how many approvals by people other than the
// requester a promotion of kind needs in env: env.Rollback.Approvals for
// rollbacks, env.Approvals otherwise. It cannot fail.
func RequiredApprovals(env config.Environment, kind Kind) int {
	if kind == KindRollback {
		return env.Rollback.Approvals
	}
	return env.Approvals
}

// ApprovalsMet reports whether p's approval ledger is met at its recorded
// head: at least required distinct people other than its requester
// approved that head (in Slack or on GitHub, each person once) and no
// change request is in force.
func ApprovalsMet(p Promotion, required int) bool {
	return LedgerAt(p, p.PR.HeadSHA, required).Met()
}

// countApprovers counts the distinct people other than the requester whose
// approval of p's recorded head counts.
func countApprovers(p Promotion) int {
	return len(LedgerAt(p, p.PR.HeadSHA, 0).Approved)
}

// CheckApprover returns nil when approver may approve p now. Otherwise it
// returns a *Error with CodeConflict when p is past approval (or not yet
// open to it), when approver already approved it, or when it already has
// required approvals; with CodeUnauthorised when approver is an automation
// (an automation never approves), is the requester,
// is the author of the original pull request behind p.Version (by
// approver.GitHubLogin and p.OriginAuthor, when env.ApproverNotAuthor) or
// is not one of env.Approvers (by user or group ID; an empty list lets
// anyone but the requester approve); and with CodeInternal when p.State is
// unknown. The checks run in that order, except that the state comes first:
// a stale button on a merged promotion should say so.
func CheckApprover(env config.Environment, p Promotion, approver Person, required int) error {
	noun := promotionNoun(p.Kind)
	if p.State != StateRequested && p.State != StatePROpen {
		if !p.State.Valid() {
			return fault.Errorf(fault.CodeInternal, "%s %s has unknown state %q", noun, p.ID, string(p.State))
		}
		return fault.Errorf(fault.CodeConflict, "Can't approve %s: %s.", p.ID, transitionRefusal(p.State, EventApproved).Message)
	}
	ask := "Ask someone in " + slackMentions(env.Approvers, "") + "."
	if len(env.Approvers) == 0 {
		ask = "Ask someone else to approve it."
	}
	switch {
	case approver.IsAutomation():
		return fault.Errorf(fault.CodeUnauthorised, "An automation (%s) can never approve; a person must. %s", approver.ID, ask)
	case approver.ID == p.Requester:
		return fault.Errorf(fault.CodeUnauthorised, "You can't approve your own %s. %s", noun, ask)
	case isOriginAuthor(env, p, approver):
		return fault.Errorf(fault.CodeUnauthorised, "You wrote the change behind %s (the original pull request, by %s); someone else must approve it. %s",
			p.Version, p.OriginAuthor, ask)
	case len(env.Approvers) > 0 && !approver.memberOf(env.Approvers):
		return fault.Errorf(fault.CodeUnauthorised, "You can't approve %ss to %s. %s", noun, env.Name, ask)
	case hasApproved(p, approver.ID):
		return fault.Errorf(fault.CodeConflict, "You already approved %s %s.", noun, p.ID)
	case required <= 0:
		return fault.Errorf(fault.CodeConflict, "%s %s needs no approval.", capitalise(noun), p.ID)
	case ApprovalsMet(p, required):
		return fault.Errorf(fault.CodeConflict, "%s %s already has %s; it needs no more.",
			capitalise(noun), p.ID, approvalCount(countApprovers(p)))
	}
	return nil
}

// isOriginAuthor reports whether env refuses approvals by the author of
// the original pull request and approver, by their GitHub login, is the
// recorded author of p's. An unknown login or author never matches.
func isOriginAuthor(env config.Environment, p Promotion, approver Person) bool {
	return env.ApproverNotAuthor && p.OriginAuthor != "" && approver.GitHubLogin != "" &&
		strings.EqualFold(approver.GitHubLogin, p.OriginAuthor)
}

// hasApproved reports whether id's approval of p's recorded head counts.
func hasApproved(p Promotion, id string) bool {
	return LedgerAt(p, p.PR.HeadSHA, 0).Counts(id)
}

// approvalCount renders n approvals: "1 approval", "2 approvals".
func approvalCount(n int) string {
	if n == 1 {
		return "1 approval"
	}
	return fmt.Sprintf("%d approvals", n)
}

// promotionNoun is what a person calls a promotion of kind.
func promotionNoun(kind Kind) string {
	if kind == KindRollback {
		return "rollback"
	}
	return "promotion"
}

// capitalise upper-cases the first letter of an ASCII word.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
