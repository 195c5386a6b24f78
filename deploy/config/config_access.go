package config

import (
	"fmt"
	"strings"
)

// Environment returns the environment named nameOrAlias, matched against
// names and aliases ignoring case, and false if there is none.
func (c *Config) Environment(nameOrAlias string) (Environment, bool) {
	want := strings.ToLower(nameOrAlias)
	for _, e := range c.Environments {
		if e.Name == want {
			return e, true
		}
	}
	for _, e := range c.Environments {
		for _, a := range e.Aliases {
			if a == want {
				return e, true
			}
		}
	}
	return Environment{}, false
}

// Service returns the service named name, ignoring case, and false if
// there is none. Services have no aliases.
func (c *Config) Service(name string) (Service, bool) {
	want := strings.ToLower(name)
	for _, s := range c.Services {
		if s.Name == want {
			return s, true
		}
	}
	return Service{}, false
}

// EnvironmentNames returns the environments' names in file order.
func (c *Config) EnvironmentNames() []string {
	names := make([]string, len(c.Environments))
	for i, e := range c.Environments {
		names[i] = e.Name
	}
	return names
}

// ServiceNames returns the services' names in file order.
func (c *Config) ServiceNames() []string {
	names := make([]string, len(c.Services))
	for i, s := range c.Services {
		names[i] = s.Name
	}
	return names
}

// summaryListMax is how many names Summary lists before "and N more".
const summaryListMax = 10

// Summary returns one line describing the config, like
// "ok: 2 environments (staging, production), 3 services (api, checkout,
// web), repo acme/gitops".
func (c *Config) Summary() string {
	return fmt.Sprintf("ok: %s, %s, repo %s",
		countedList(c.EnvironmentNames(), "environment"),
		countedList(c.ServiceNames(), "service"),
		c.GitHub.Repository)
}

// countedList renders "2 services (api, web)", shortening long lists.
func countedList(names []string, noun string) string {
	if len(names) != 1 {
		noun += "s"
	}
	shown := names
	if len(names) > summaryListMax {
		shown = append(names[:summaryListMax:summaryListMax], fmt.Sprintf("and %d more", len(names)-summaryListMax))
	}
	return fmt.Sprintf("%d %s (%s)", len(names), noun, strings.Join(shown, ", "))
}

// SlackIDOf returns the Slack user ID Config.People maps login to
// (GitHub logins are case-insensitive); false when none or more than one
// entry names it.
func (c *Config) SlackIDOf(login string) (string, bool) {
	found := ""
	for id, l := range c.People {
		if login == "" || !strings.EqualFold(l, login) {
			continue
		}
		if found != "" {
			return "", false
		}
		found = id
	}
	return found, found != ""
}
