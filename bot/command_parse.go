package bot

import (
	"strings"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Usage lines shown with every parse error.
const (
	promoteUsage  = "Usage: /promote SERVICE [VERSION] ENV   e.g. /promote api v9.1.1 prod"
	rollbackUsage = "Usage: /rollback SERVICE ENV   e.g. /rollback api prod, or /rollback alone to pick a recent promotion"
)

// Operations a command asks for.
const (
	opPromote      = "promote"
	opStatus       = "status"
	opHelp         = "help"
	opRollback     = "rollback"
	opRollbackMenu = "rollback_menu"
)

// command is a parsed slash command. Err, when set, is the whole reply
// (what is wrong, suggestions, usage) and nothing else is done.
type command struct {
	Op      string
	Service string // canonical name, deploy.AllServices, or a status filter
	Version deploy.Version
	Env     string // canonical environment name
	Err     string
}

// mutates reports whether the command changes anything, so a repeat of it
// is a duplicate.
func (c command) mutates() bool {
	return c.Err == "" && (c.Op == opPromote || c.Op == opRollback)
}

// parseCommand parses the text of /promote or /rollback. It never fails:
// a problem is returned in command.Err.
func parseCommand(cfg *config.Config, name, text string) command {
	args := strings.Fields(text)
	switch name {
	case "/promote":
		return parsePromote(cfg, args)
	case "/rollback":
		return parseRollback(cfg, args)
	}
	return command{Err: "deploybot doesn't know the command " + name + ". Try /promote help."}
}

func parsePromote(cfg *config.Config, args []string) command {
	if len(args) == 0 || strings.EqualFold(args[0], "help") {
		return command{Op: opHelp}
	}
	if strings.EqualFold(args[0], "status") {
		return parseStatus(cfg, args[1:])
	}
	switch len(args) {
	case 2:
		return resolveTarget(cfg, command{Op: opPromote}, args[0], args[1], promoteUsage)
	case 3:
		if strings.EqualFold(args[0], deploy.AllServices) {
			return command{Err: "/promote all takes no version: each service gets what its upstream environment runs.\n" + promoteUsage}
		}
		c := command{Op: opPromote, Version: deploy.Version(args[1])}
		return resolveTarget(cfg, c, args[0], args[2], promoteUsage)
	}
	return command{Err: "/promote needs a service and an environment, and optionally a version between them.\n" + promoteUsage}
}

func parseStatus(cfg *config.Config, args []string) command {
	switch len(args) {
	case 0:
		return command{Op: opStatus}
	case 1:
		svc, err := cfg.ResolveService(args[0])
		if err != nil {
			return command{Err: fault.UserMessage(err) + "\nUsage: /promote status [SERVICE]"}
		}
		return command{Op: opStatus, Service: svc.Name}
	}
	return command{Err: "Usage: /promote status [SERVICE]"}
}

func parseRollback(cfg *config.Config, args []string) command {
	switch len(args) {
	case 0:
		return command{Op: opRollbackMenu}
	case 2:
		if strings.EqualFold(args[0], deploy.AllServices) {
			return command{Err: "/rollback works on one service at a time.\n" + rollbackUsage}
		}
		return resolveTarget(cfg, command{Op: opRollback}, args[0], args[1], rollbackUsage)
	}
	return command{Err: "/rollback needs a service and an environment.\n" + rollbackUsage}
}

// resolveTarget fills in the canonical service and environment, or Err
// with deploy's suggestions and the usage.
func resolveTarget(cfg *config.Config, c command, service, env, usage string) command {
	var problems []string
	if strings.EqualFold(service, deploy.AllServices) {
		c.Service = deploy.AllServices
	} else if svc, err := cfg.ResolveService(service); err != nil {
		problems = append(problems, fault.UserMessage(err))
	} else {
		c.Service = svc.Name
	}
	if e, err := cfg.ResolveEnvironment(env); err != nil {
		problems = append(problems, fault.UserMessage(err))
	} else {
		c.Env = e.Name
	}
	if len(problems) > 0 {
		return command{Err: strings.Join(problems, "\n") + "\n" + usage}
	}
	return c
}
