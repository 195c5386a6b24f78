package deploy

import (
	"fmt"
	"time"
)

// noticeKindOf is the notice that reports a promotion entering state s.
func noticeKindOf(s State) NoticeKind {
	switch s {
	case StatePROpen:
		return NoticePlanned
	case StateApproved:
		return NoticeApproved
	case StateMerged:
		return NoticeMerged
	case StateSyncing:
		return NoticeSyncStarted
	case StateWatching:
		return NoticeDeployed
	case StateSucceeded:
		return NoticeWindowEnded
	case StateBlocked:
		return NoticeBlocked
	case StateCancelled:
		return NoticeCancelled
	case StateSuperseded:
		return NoticeSuperseded
	case StateFailed:
		return NoticeFailed
	case StateRolledBack:
		return NoticeRolledBack
	}
	return NoticeKind(s)
}

// stateLine is the thread line for p's current state, built from what p
// records: used when a notice is repeated after a restart.
func stateLine(p Promotion) string {
	switch p.State {
	case StatePROpen:
		return plannedLine(p)
	case StateMerged:
		return mergedLine(p, "")
	case StateSyncing:
		return "Sync of " + shortSHA(p.MergeSHA) + " started"
	}
	if p.StateReason != "" {
		return fmt.Sprintf("%s: %s", stateTitle(p.State), p.StateReason)
	}
	return stateTitle(p.State)
}

// stateTitle names a state in a sentence.
func stateTitle(s State) string {
	switch s {
	case StateWatching:
		return "Healthy"
	case StateSucceeded:
		return "Watch window ended"
	case StateRolledBack:
		return "Rolled back"
	case StatePROpen:
		return "PR opened"
	}
	return capitalise(string(s))
}

// plannedLine is the thread line of an opened pull request:
// "PR opened: acme/gitops#12 promote(production): api v9.1.0 → v9.1.1".
func plannedLine(p Promotion) string {
	line := "PR opened"
	if p.PR.Number != 0 {
		line += fmt.Sprintf(": #%d", p.PR.Number)
	}
	if p.PR.Title != "" {
		line += " " + p.PR.Title
	}
	return line
}

// mergedLine is "Merged a1b2c3d by sam", or without "by" when unknown.
func mergedLine(p Promotion, by string) string {
	line := "Merged " + shortSHA(p.MergeSHA)
	if by != "" {
		line += " by " + slackMention(by)
	}
	return line
}

// approvedLine is the thread line of by's approval in Slack: the ledger,
// "Approved by <@U1> in Slack, @lee on GitHub — 2 of 2".
func approvedLine(p Promotion, by string, required int) string {
	l := LedgerAt(p, p.PR.HeadSHA, required)
	if !l.Counts(by) {
		return fmt.Sprintf("Approved by %s in Slack · %s", slackMention(by), l.Text(SlackWho))
	}
	return l.Text(SlackWho)
}

// deployedLine is the thread line of the first healthy observation.
func deployedLine(v Verdict, until, now time.Time) string {
	return fmt.Sprintf("Healthy — %s · watching until %s", v.Reason, humanTime(until, now, time.UTC, false))
}

// endedLine is the thread line of a watch window that ended healthy; a
// late one (deploybot was not running) says so.
func endedLine(p Promotion, v Verdict) string {
	d := p.WatchUntil.Sub(p.MergedAt)
	line := fmt.Sprintf("Watch window ended: healthy for the %s after merge", humanDuration(d))
	if v.Late {
		line += "; finished late: " + v.Reason
	}
	return line
}

// failedLine is "Degraded: …" or "Failed: …" with the verdict's reason.
func failedLine(ev WatchEvent, v Verdict) string {
	if ev == WatchDegraded {
		return "Degraded after it was deployed: " + v.Reason
	}
	return "Failed: " + v.Reason
}

// rollbackPlan says what undoing p would restore.
func rollbackPlan(p Promotion) string {
	if p.Service == AllServices && len(p.Changes) > 0 {
		if p.Kind == KindRollback {
			return fmt.Sprintf("re-promote %s if the rollback was a mistake", changeList(p.Changes, true))
		}
		return fmt.Sprintf("revert to %s (one revert commit of this pull request)", changeList(p.Changes, true))
	}
	if p.Kind == KindRollback {
		return fmt.Sprintf("re-promote %s if the rollback was a mistake", p.PreviousVersion)
	}
	if p.PreviousVersion == "" {
		return "revert the promotion commit"
	}
	return fmt.Sprintf("revert to %s (one revert commit of this pull request)", p.PreviousVersion)
}
