package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

// plannedBlocks: what moves, who asked, the evidence, the risk, the plan
// to undo it, the pull request, the approval ledger, and Approve /
// Cancel.
func plannedBlocks(v view) []slack.Block {
	p := v.P
	var approve *slack.ButtonBlockElement
	need := approvalsNeeded(v)
	if need != "" {
		approve = button(actionApprove, p.ID, "Approve", "primary")
	}
	ctx := ""
	if need != "" {
		ctx = need
	}
	return blocks(
		section(moveLine(p)),
		contextLine("requested by "+mention(p.Requester)+" · "+clockTime(p.CreatedAt)),
		fieldsBlock([]field{
			{"Changes", changesText(v)},
			{"Validated", validatedText(v)},
			{"Risk", riskText(v)},
			{"Rollback plan", rollbackPlanText(v)},
			{"Pull request", prText(v)},
			{"Approvals", ledgerText(v)},
		}),
		actions("promotion:"+p.ID, approve, button(actionCancel, p.ID, "Cancel", "danger")),
		optionalContext(ctx),
	)
}

// progressBlocks: approved and merged, the rollout under way, and the
// approval ledger it merged with.
func progressBlocks(v view) []slack.Block {
	p := v.P
	var parts []string
	if !p.MergedAt.IsZero() {
		parts = append(parts, "merged "+clockTime(p.MergedAt))
	}
	if p.State == deploy.StateSyncing && p.MergeSHA != "" {
		parts = append(parts, "syncing "+short(p.MergeSHA))
	}
	return blocks(
		section(moveLine(p)),
		optionalContext(strings.Join(parts, " · ")),
		fieldsBlock([]field{{"Rollout", rolloutText(v)}, {"Pull request", prText(v)}, {"Approvals", ledgerText(v)}}),
	)
}

// completeBlocks: healthy, when, how long it took, where to look, and a
// Rollback button while the watch lasts.
func completeBlocks(v view) []slack.Block {
	p := v.P
	deployed := ""
	if !p.HealthyAt.IsZero() {
		deployed = "deployed at " + clockTime(p.HealthyAt) + sinceRequest(p, p.HealthyAt)
	}
	var rb slack.Block
	if p.State == deploy.StateWatching && p.Kind == deploy.KindPromote && previousVersions(p) != "" {
		rb = actions("promotion:"+p.ID, button(actionRollback, p.ID, rollbackLabel(p), "danger"))
	}
	fields := []field{{"Status", statusText(v)}, {"Monitoring", v.D.MonitoringURL}}
	if p.Kind == deploy.KindRollback {
		fields = append(fields, field{"Why", escape(p.Reason)}, field{"Pull request", prText(v)},
			field{"Note", quarantineNote(p)})
	}
	return blocks(
		section(targetLine(p)),
		optionalContext(deployed),
		fieldsBlock(fields),
		rb,
	)
}

// failedBlocks: what is unhealthy, and the Rollback button.
func failedBlocks(v view) []slack.Block {
	p := v.P
	var rb slack.Block
	hint := ""
	if p.MergeSHA != "" && p.Kind == deploy.KindPromote {
		rb = actions("promotion:"+p.ID, button(actionRollback, p.ID, rollbackLabel(p), "danger"))
		if p.Service != deploy.AllServices {
			hint = "or /rollback " + p.Service + " " + p.Env
		}
	}
	return blocks(
		section(targetLine(p)),
		optionalContext(failedWhen(p)),
		fieldsBlock([]field{{"Unhealthy", unhealthyText(v)}, {"Monitoring", v.D.MonitoringURL}}),
		rb,
		optionalContext(hint),
	)
}

// rolledBackBlocks: the original promotion after its rollback merged:
// who rolled it back and when, why, the rollback's pull request and the
// quarantined version. Without the rollback promotion (v.Rollback) it
// shows the engine's reason.
func rolledBackBlocks(v view) []slack.Block {
	p, rb := v.P, v.Rollback
	if rb == nil {
		return blocks(
			section(undoLine(p)),
			contextLine("rolled back · "+clockTime(p.UpdatedAt)),
			fieldsBlock([]field{{"Why", escape(p.StateReason)}, {"Pull request", prText(v)}}),
		)
	}
	at := rb.MergedAt
	if at.IsZero() {
		at = p.UpdatedAt
	}
	rbView := v
	rbView.P = *rb
	return blocks(
		section(undoLine(p)),
		contextLine("rolled back by "+mention(rb.Requester)+" · "+clockTime(at)),
		fieldsBlock([]field{{"Why", escape(rb.Reason)}, {"Pull request", prText(rbView)},
			{"Note", quarantineNote(*rb)}}),
	)
}

// closedBlocks: cancelled, blocked or superseded, with the reason.
func closedBlocks(v view) []slack.Block {
	p := v.P
	reason := p.StateReason
	if reason == "" {
		reason = string(p.State)
	}
	return blocks(
		section(moveLine(p)),
		contextLine(escape(reason)+" · "+clockTime(p.UpdatedAt)),
		fieldsBlock([]field{{"Pull request", prText(v)}}),
	)
}

// optionalContext is a context line, or nil for empty text.
func optionalContext(s string) slack.Block {
	if s == "" {
		return nil
	}
	return contextLine(s)
}
