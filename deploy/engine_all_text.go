package deploy

import (
	"fmt"
	"strings"
)

// allRisk rates a promotion of every service: the highest level of its
// services' moves, with each reason prefixed by its service.
func (e *Engine) allRisk(plan Plan) Risk {
	out := Risk{Level: RiskLow}
	if len(plan.Changes) > 1 {
		out.Reasons = append(out.Reasons, countNoun(len(plan.Changes), "service")+" at once")
	}
	for _, ch := range plan.Changes {
		svc, _ := e.cfg.ResolveService(ch.Service)
		r := AssessRisk(RiskInput{Pattern: svc.Version, From: ch.From, To: ch.To})
		if riskRank(r.Level) > riskRank(out.Level) {
			out.Level = r.Level
		}
		for _, why := range r.Reasons {
			out.Reasons = append(out.Reasons, ch.Service+": "+why)
		}
	}
	return out
}

// changeList renders changes as "api v9.1.0 → v9.1.1, billing v2.0.2 →
// v2.0.3", or with back set the versions each change started from, as
// "api v9.1.0, billing v2.0.2".
func changeList(changes []ServiceChange, back bool) string {
	parts := make([]string, len(changes))
	for i, ch := range changes {
		if back {
			parts[i] = fmt.Sprintf("%s %s", ch.Service, ch.From)
		} else {
			parts[i] = fmt.Sprintf("%s %s", ch.Service, prVersionMove(ch.From, ch.To))
		}
	}
	return strings.Join(parts, ", ")
}

// reversed returns the changes that undo changes: each From and To
// swapped.
func reversed(changes []ServiceChange) []ServiceChange {
	if changes == nil {
		return nil
	}
	out := make([]ServiceChange, len(changes))
	for i, ch := range changes {
		out[i] = ServiceChange{Service: ch.Service, From: ch.To, To: ch.From}
	}
	return out
}
