package deploy

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
)

// PlanRequest asks what promoting a service (or every service) to an
// environment would change.
type PlanRequest struct {
	Service string  // a service name, or AllServices
	Version Version // optional for one service: empty takes the version Env's upstream runs; must be empty for AllServices
	Env     string  // an environment name or alias
}

// FileChange is the new content of one file of the GitOps repository.
type FileChange struct {
	Path string // slash-separated, relative to the repository root
	Old  []byte // nil when the file is created
	New  []byte
}

// ServiceChange is one service moving from one version to another. Both
// are shown in the form the service's file uses (see SameVersion).
type ServiceChange struct {
	Service string
	From    Version
	To      Version
}

// Plan is everything a promotion would change, computed without changing
// anything.
type Plan struct {
	Env       string          // canonical environment name
	Service   string          // canonical service name, or AllServices
	Changes   []ServiceChange // services that move, in config order
	Unchanged []ServiceChange // services that already run the version (From is To)
	Files     []FileChange    // sorted by path; only files whose bytes change
}

// Empty reports whether the plan changes nothing.
func (p Plan) Empty() bool { return len(p.Changes) == 0 && len(p.Files) == 0 }

// Plan computes the promotion req asks for against the GitOps repository
// fsys, without writing anything. Every version is checked with
// CheckVersionPolicy before any edit is computed. A plan that changes
// nothing is returned without error; see Plan.Empty. Versions are
// compared and written as SameVersion describes.
//
// Through an environment-wide promotions file (FileTarget.Components),
// promoting one service sets its override; promoting all makes the value
// most of the file's services are to run the default (a tie goes to the
// current default, else to the first such service in config order) and
// overrides the rest, dropping overrides equal to the default. Either way
// the per-service files of every service using the file are regenerated.
//
// It returns a *Error with CodeInvalid for an unknown service or
// environment, a version the policy refuses, AllServices with a version, no
// version for an environment without `after`, or a file whose value does not
// match its template; CodeNotFound for a missing file; CodeConflict when a
// service's files disagree; CodeInternal when a file can't be read or edited.
func NewPlan(c *config.Config, fsys fs.FS, req PlanRequest) (Plan, error) {
	env, err := c.ResolveEnvironment(req.Env)
	if err != nil {
		return Plan{}, err
	}
	svcs, err := planServices(c, req, env)
	if err != nil {
		return Plan{}, err
	}
	r := newRepoFiles(fsys)
	targets, err := targetVersions(c, r, svcs, env, req.Version)
	if err != nil {
		return Plan{}, err
	}
	all := strings.EqualFold(req.Service, AllServices)
	plan := Plan{Env: env.Name, Service: AllServices}
	if !all {
		plan.Service = svcs[0].Name
	}
	moves, err := r.moves(svcs, env.Name, targets)
	if err != nil {
		return Plan{}, err
	}
	for _, m := range moves {
		if m.moving() {
			plan.Changes = append(plan.Changes, m.change())
		} else {
			plan.Unchanged = append(plan.Unchanged, m.change())
		}
	}
	plan.Files, err = planFiles(c, r, env.Name, moves, all)
	return plan, err
}

// Summary returns one line saying what the plan does, like
// "api v9.1.0 → v9.1.1 in production (2 files)", or that there is nothing
// to change.
func (p Plan) Summary() string {
	if len(p.Changes) == 0 {
		if p.Service != AllServices && len(p.Unchanged) == 1 {
			u := p.Unchanged[0]
			return fmt.Sprintf("Nothing to change: %s already runs %s in %s.", u.Service, u.To, p.Env)
		}
		return fmt.Sprintf("Nothing to change: every service in %s already runs what its upstream runs.", p.Env)
	}
	files := countNoun(len(p.Files), "file")
	if p.Service != AllServices && len(p.Changes) == 1 {
		ch := p.Changes[0]
		return fmt.Sprintf("%s %s → %s in %s (%s)", ch.Service, ch.From, ch.To, p.Env, files)
	}
	parts := make([]string, len(p.Changes))
	for i, ch := range p.Changes {
		parts[i] = fmt.Sprintf("%s %s → %s", ch.Service, ch.From, ch.To)
	}
	return fmt.Sprintf("%s in %s (%s): %s", countNoun(len(p.Changes), "service"), p.Env, files, strings.Join(parts, ", "))
}

// countNoun renders "1 file" or "2 files".
func countNoun(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
