package deploy

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// move is one service of a plan: what its files hold in the target
// environment and the version it is to run.
type move struct {
	svc  config.Service
	held []heldVersion // one per file, in the target environment
	to   Version       // as requested, or as the upstream holds it
}

// from returns the version the service runs now.
func (m move) from() Version { return m.held[0].version }

// moving reports whether the service changes version.
func (m move) moving() bool { return !SameVersion(m.svc.Version, m.from(), m.to) }

// change returns the move as shown: both versions in the file's form.
func (m move) change() ServiceChange {
	return ServiceChange{Service: m.svc.Name, From: m.from(), To: inForm(m.svc.Version, m.to, m.from())}
}

// planServices resolves the services req names. An explicit version is
// checked here, before any file is read.
func planServices(c *config.Config, req PlanRequest, env config.Environment) ([]config.Service, error) {
	if strings.EqualFold(req.Service, AllServices) {
		if req.Version != "" {
			return nil, fault.Errorf(fault.CodeInvalid, "%q promotes every service to the version it runs in the upstream environment, so it takes no version (%s was given). To set a version, promote one service, e.g. %s %s.",
				AllServices, req.Version, example(c), env.Name)
		}
		if env.After == "" {
			return nil, fault.Errorf(fault.CodeInvalid, "%s has no upstream environment to take versions from, so %q can't be promoted to it; promote one service at a time with a version, e.g. %s %s.",
				env.Name, AllServices, example(c), env.Name)
		}
		return c.Services, nil
	}
	svc, err := c.ResolveService(req.Service)
	if err != nil {
		return nil, err
	}
	if req.Version == "" && env.After == "" {
		return nil, fault.Errorf(fault.CodeInvalid, "%s has no upstream environment to take %s's version from; name the version: %s VERSION %s, e.g. %s %s.",
			env.Name, svc.Name, svc.Name, env.Name, svc.Name+" "+exampleVersion(svc.Version), env.Name)
	}
	if req.Version != "" {
		if err := CheckVersionPolicy(svc, env, req.Version); err != nil {
			return nil, err
		}
	}
	return []config.Service{svc}, nil
}

// targetVersions returns the version each service is to run in env: the
// explicit one, or what env's upstream runs, each checked against the
// version policy before anything is edited.
func targetVersions(c *config.Config, r *repoFiles, svcs []config.Service, env config.Environment, explicit Version) ([]Version, error) {
	out := make([]Version, len(svcs))
	for i, svc := range svcs {
		if explicit != "" {
			out[i] = explicit
			continue
		}
		held, err := r.held(svc, env.After)
		if err != nil {
			return nil, err
		}
		out[i] = held[0].version
	}
	if explicit != "" {
		return out, nil // checked by planServices
	}
	for i, svc := range svcs {
		if err := CheckVersionPolicy(svc, env, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// moves reads what each service runs in env now.
func (r *repoFiles) moves(svcs []config.Service, env string, targets []Version) ([]move, error) {
	out := make([]move, len(svcs))
	for i, svc := range svcs {
		held, err := r.held(svc, env)
		if err != nil {
			return nil, err
		}
		out[i] = move{svc: svc, held: held, to: targets[i]}
	}
	return out, nil
}

// example returns a service and version for example commands, like
// "api v9.1.1".
func example(c *config.Config) string {
	if len(c.Services) == 0 {
		return "api v9.1.1"
	}
	return c.Services[0].Name + " " + exampleVersion(c.Services[0].Version)
}

// exampleVersion returns a version of pattern for example commands.
func exampleVersion(pattern config.VersionPattern) string {
	switch pattern {
	case config.PatternSHA:
		return "<full-commit-sha>"
	case config.PatternAny:
		return "<version>"
	}
	return "v9.1.1"
}
