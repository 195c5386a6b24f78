package bot

import (
	"github.com/deploybot/deploybot/deploy"
)

// title is the header: "🚀 Production Deployment Planned", "⏳ Staging
// Deployment In Progress", "↩️ Production Rollback Complete".
func title(v view) string {
	noun := "Deployment"
	if v.P.Kind == deploy.KindRollback {
		noun = "Rollback"
	}
	emoji, word := stateWords(v.P)
	return emoji + " " + titleCase(v.Env.Name) + " " + noun + " " + word
}

// stateWords is the emoji and the word a state's header ends with.
func stateWords(p deploy.Promotion) (emoji, word string) {
	rollback := p.Kind == deploy.KindRollback
	switch p.State {
	case deploy.StateRequested, deploy.StatePROpen:
		if rollback {
			return "↩️", "Planned"
		}
		return "🚀", "Planned"
	case deploy.StateApproved, deploy.StateMerged, deploy.StateSyncing:
		return "⏳", "In Progress"
	case deploy.StateWatching, deploy.StateSucceeded:
		if rollback {
			return "↩️", "Complete"
		}
		return "✅", "Complete"
	case deploy.StateFailed:
		return "❌", "Failed"
	case deploy.StateRolledBack:
		return "↩️", "Rolled Back"
	case deploy.StateCancelled:
		return "🚫", "Cancelled"
	case deploy.StateBlocked:
		return "⛔", "Blocked"
	case deploy.StateSuperseded:
		return "⏭️", "Superseded"
	}
	return "ℹ️", titleCase(string(p.State))
}

// fallback is the notification text: the title and what moves where,
// e.g. "🚀 Production Deployment Planned: api v9.1.0 → v9.1.1, requested
// by <@U0MARIA>"; after a merge without the required approvals it starts
// with 🚨 and ends with the alert.
func fallback(v view, title string) string {
	p := v.P
	s := title + ": " + movePlain(p)
	if p.State == deploy.StateRolledBack {
		s = title + ": " + movePlain(undone(p)) + " in " + p.Env
	}
	switch p.State {
	case deploy.StateRequested, deploy.StatePROpen:
		s += ", requested by " + mention(p.Requester)
		if need := approvalsNeeded(v); need != "" {
			s += "; " + need
		}
	case deploy.StateRolledBack:
		if v.Rollback != nil {
			s += ", rolled back by " + mention(v.Rollback.Requester)
		}
	case deploy.StateFailed, deploy.StateCancelled, deploy.StateBlocked, deploy.StateSuperseded:
		if p.StateReason != "" {
			s += " — " + p.StateReason
		}
	}
	s = clip(s, maxFallbackText)
	if a := alertText(v); a != "" {
		s = "🚨 " + s + " · " + clip(a, maxFallbackText)
	}
	return s
}

// maxFallbackText bounds each part of the notification text, so that the
// alert of an unapproved merge is never lost past Slack's cut: Slack
// advises at most 4,000 characters of text "for best results".
const maxFallbackText = 1500
