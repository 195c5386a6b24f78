package deploy

import (
	"fmt"
	"strings"
)

// maxNamedResources is how many unhealthy resources a one-line reason names.
const maxNamedResources = 3

// unhealthySuffix renders the app's unhealthy resources as
// ": Deployment/api: msg; Pod/api-1: CrashLoopBackOff (and 2 more)", the
// app's health message when no resource is named, or "".
func unhealthySuffix(r Rollout) string {
	if len(r.Unhealthy) == 0 {
		if r.HealthMessage != "" {
			return ": " + r.HealthMessage
		}
		return ""
	}
	parts := make([]string, 0, maxNamedResources)
	for _, u := range r.Unhealthy[:min(len(r.Unhealthy), maxNamedResources)] {
		parts = append(parts, describeResource(u))
	}
	s := ": " + strings.Join(parts, "; ")
	if n := len(r.Unhealthy) - maxNamedResources; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// describeResource renders one unhealthy resource as "Kind/name: message",
// or "Kind/name: Health" when it has no message.
func describeResource(u Resource) string {
	what := u.Message
	if what == "" {
		what = orUnknown(u.Health)
	}
	return u.Kind + "/" + u.Name + ": " + what
}
