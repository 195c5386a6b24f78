package deploy

import (
	"slices"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// An automation (config's automation:) acts as a Person whose ID is
// AutomationPrefix and its name; these tie the two together.

// IsAutomation reports whether p is an automation rather than a person.
func (p Person) IsAutomation() bool { return strings.HasPrefix(p.ID, config.AutomationPrefix) }

// AutomationPerson returns the Person automation a acts as.
func AutomationPerson(a config.Automation) Person { return Person{ID: config.AutomationID(a.Name)} }

// CheckAutomation returns nil when p is a person, or an automation of c
// allowed to act in the environment named env (a name or alias). It
// returns CodeUnauthorised for an automation the config does not have or
// that env is not listed for, and the resolution error for an unknown
// env.
func CheckAutomation(c *config.Config, p Person, env string) error {
	if !p.IsAutomation() {
		return nil
	}
	name := strings.TrimPrefix(p.ID, config.AutomationPrefix)
	a, ok := c.FindAutomation(name)
	if !ok {
		return fault.Errorf(fault.CodeUnauthorised, "There is no automation %q in the config; add it under automation:.", name)
	}
	e, err := c.ResolveEnvironment(env)
	if err != nil {
		return err
	}
	if !slices.Contains(a.Environments, e.Name) {
		return fault.Errorf(fault.CodeUnauthorised, "Automation %s may act only in %s, not in %s; add %s to its environments under automation: to let it.",
			a.Name, strings.Join(a.Environments, ", "), e.Name, e.Name)
	}
	return nil
}
