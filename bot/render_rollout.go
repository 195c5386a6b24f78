package bot

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy"
)

// rolloutText is the rollout's progress: "Progressing — 2/3 pods ready".
func rolloutText(v view) string {
	p := v.P
	switch {
	case p.StateReason != "" && p.State == deploy.StateSyncing:
		return escape(p.StateReason)
	case p.State == deploy.StateApproved:
		return "merging the pull request"
	case p.State == deploy.StateMerged:
		return "waiting for Argo CD to sync"
	case p.Rollout != nil && p.Rollout.Health != "":
		return escape(p.Rollout.Health + " " + p.Rollout.HealthMessage)
	}
	return "syncing"
}

// statusText is "Healthy — no unhealthy resources · watching until
// 14:39 UTC", or the ended watch.
func statusText(v view) string {
	p := v.P
	s := "Healthy"
	if vd := v.D.Verdict; vd != nil && vd.Reason != "" {
		s += " — " + escape(vd.Reason)
	}
	if p.State == deploy.StateWatching && !p.WatchUntil.IsZero() {
		return s + " · watching until " + clockTime(p.WatchUntil)
	}
	if p.State == deploy.StateSucceeded && !p.WatchUntil.IsZero() && !p.MergedAt.IsZero() {
		return s + " · watch ended: healthy for the " + minutes(p.WatchUntil.Sub(p.MergedAt)) + " after merge"
	}
	return s
}

// failedWhen is "Degraded 6 min after merge" or the failure's reason.
func failedWhen(p deploy.Promotion) string {
	reason := p.StateReason
	if reason == "" {
		reason = "failed"
	}
	if !p.MergedAt.IsZero() && !p.FinishedAt.IsZero() && p.FinishedAt.After(p.MergedAt) {
		return escape(reason) + " · " + minutes(p.FinishedAt.Sub(p.MergedAt)) + " after merge"
	}
	return escape(reason)
}

// unhealthyText lists the unhealthy resources, one a line.
func unhealthyText(v view) string {
	var rs []deploy.Resource
	if v.D.Verdict != nil {
		rs = v.D.Verdict.Unhealthy
	}
	if len(rs) == 0 && v.P.Rollout != nil {
		rs = v.P.Rollout.Unhealthy
	}
	var lines []string
	for i, r := range rs {
		if i == 8 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(rs)-i))
			break
		}
		line := r.Kind + "/" + r.Name + ": " + r.Health
		if r.Message != "" {
			line += " (" + r.Message + ")"
		}
		lines = append(lines, escape(line))
	}
	return strings.Join(lines, "\n")
}

// quarantineNote says the version a rollback undid needs a reason to
// come back; for every service, the versions.
func quarantineNote(rb deploy.Promotion) string {
	if isAll(rb) {
		return previousVersions(rb) + " are quarantined: promoting them again needs a reason"
	}
	if rb.PreviousVersion == "" {
		return ""
	}
	return string(rb.PreviousVersion) + " is quarantined: promoting it again needs a reason"
}
