package deploy

import (
	"slices"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// CheckPromoter returns nil when person may request a promotion into env:
// anyone when env.Promoters is empty, otherwise its promoters and approvers
// (by user or group ID). It returns a *Error with CodeUnauthorised naming
// whom to ask otherwise.
func CheckPromoter(env config.Environment, person Person) error {
	if len(env.Promoters) == 0 {
		return nil
	}
	allowed := unionIDs(env.Promoters, env.Approvers)
	if person.memberOf(allowed) {
		return nil
	}
	return fault.Errorf(fault.CodeUnauthorised, "You can't promote to %s. Ask someone in %s.",
		env.Name, slackMentions(allowed, ""))
}

// CheckRollbacker returns nil when person may roll back a promotion in env:
// its promoters and approvers (by user or group ID), or anyone when both
// lists are empty. It returns a *Error with CodeUnauthorised naming whom to
// ask otherwise.
func CheckRollbacker(env config.Environment, person Person) error {
	allowed := unionIDs(env.Promoters, env.Approvers)
	if len(allowed) == 0 || person.memberOf(allowed) {
		return nil
	}
	return fault.Errorf(fault.CodeUnauthorised, "You can't roll back %s. Ask someone in %s.",
		env.Name, slackMentions(allowed, ""))
}

// unionIDs returns the IDs in a then b, each once, in first-seen order.
func unionIDs(a, b []string) []string {
	var out []string
	for _, id := range slices.Concat(a, b) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
