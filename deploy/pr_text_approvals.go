package deploy

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
)

// approvalsNote is the Approvals section of a promotion pull request in
// env: how many approvals it needs, that a GitHub review counts like the
// Slack button, and what a merge before then does. Empty when the
// environment needs no approval.
func approvalsNote(env config.Environment, kind Kind) string {
	n := RequiredApprovals(env, kind)
	if n <= 0 {
		return ""
	}
	policy := "the channel is alerted and the merge is audited"
	if policyOf(env) == config.UnapprovedRollback {
		policy = "the channel is alerted, the merge is audited and deploybot reverts it at once"
	}
	return fmt.Sprintf("Needs %s from %s approvers other than the requester: **Approve** on the Slack announcement, "+
		"or an approving review here by someone whose GitHub login deploybot's `people:` maps to an approver. "+
		"Each person counts once; approvals of an earlier head don't count, and a change request blocks until it is dismissed or approved again. "+
		"deploybot merges once they are met. Merging before then is not a normal deployment: %s (`unapprovedMerge: %s`).",
		approvalCount(n), mdText(env.Name), policy, policyOf(env))
}

// writeApprovals writes the Approvals section when there is one.
func writeApprovals(b *strings.Builder, note string) {
	if note == "" {
		return
	}
	b.WriteString("### Approvals\n\n" + note + "\n\n")
}
