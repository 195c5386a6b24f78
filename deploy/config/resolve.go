package config

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// ResolveService returns the service named name, ignoring case. It
// returns a *fault.Error with CodeInvalid when there is none, suggesting
// the closest name and listing the services, like
// `Unknown service "apu". Did you mean api? Services: api, checkout, web.`
// It does not resolve AllServices; callers handle "all" themselves.
func (c *Config) ResolveService(name string) (Service, error) {
	if svc, ok := c.Service(name); ok {
		return svc, nil
	}
	names := c.ServiceNames()
	if strings.TrimSpace(name) == "" {
		return Service{}, fault.Errorf(fault.CodeInvalid, "No service named. Services: %s.", strings.Join(names, ", "))
	}
	return Service{}, fault.Errorf(fault.CodeInvalid, "Unknown service %q.%s Services: %s.",
		name, didYouMean(name, names, nil), strings.Join(names, ", "))
}

// ResolveEnvironment returns the environment named nameOrAlias, matched
// against names and aliases ignoring case. It returns a *fault.Error with
// CodeInvalid when there is none, suggesting the closest name or alias and listing
// the environments with their aliases, like
// `Unknown environment "prdo". Did you mean prd (production)? Environments:
// staging (stg), production (prod, prd).`
func (c *Config) ResolveEnvironment(nameOrAlias string) (Environment, error) {
	if env, ok := c.Environment(nameOrAlias); ok {
		return env, nil
	}
	var names []string
	canonical := map[string]string{}
	for _, e := range c.Environments {
		names = append(names, e.Name)
		for _, a := range e.Aliases {
			names = append(names, a)
			canonical[a] = e.Name
		}
	}
	if strings.TrimSpace(nameOrAlias) == "" {
		return Environment{}, fault.Errorf(fault.CodeInvalid, "No environment named. Environments: %s.", envList(c.Environments))
	}
	return Environment{}, fault.Errorf(fault.CodeInvalid, "Unknown environment %q.%s Environments: %s.",
		nameOrAlias, didYouMean(nameOrAlias, names, canonical), envList(c.Environments))
}

// didYouMean returns " Did you mean x?" for the candidate closest to name,
// or "" when none is close. canonical maps an alias to the name it stands
// for, shown as "prd (production)".
func didYouMean(name string, candidates []string, canonical map[string]string) string {
	best := closest(strings.ToLower(name), candidates)
	if best == "" {
		return ""
	}
	if c, ok := canonical[best]; ok {
		best += " (" + c + ")"
	}
	return " Did you mean " + best + "?"
}

// closest returns the candidate nearest to name: the one with the smallest
// edit distance, if that is at most a third of the longer word's length
// (and at least 1), else the only candidate name is a prefix of. It returns
// "" when nothing is close; ties go to the first candidate.
func closest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(name, c)
		if d <= max(1, max(len(name), len(c))/3) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best != "" || len(name) < 2 {
		return best
	}
	var prefixed []string
	for _, c := range candidates {
		if strings.HasPrefix(c, name) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}
