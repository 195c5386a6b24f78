package config

import (
	"fmt"
	"strings"
)

// validate runs the checks that span more than one key, once the whole
// file has been walked. It may rewrite each Environment.After from an alias
// to the canonical name. It runs last of all checks, so that it can
// refuse credentials in addresses and keep them out of every problem
// found before (see config_urls.go).
func (p *configParser) validate(cfg *Config) {
	names := p.checkEnvNames(cfg.Environments)
	p.resolveAfter(cfg.Environments, names)
	p.checkCycles(cfg.Environments)
	p.checkApprovers(cfg.Environments, cfg.People)
	p.validateAutomation(cfg)
	p.checkInsecure(cfg)
	p.checkFilePaths(cfg)
	p.checkCredentialURLs(cfg)
	p.hideCredentials()
}

// envName is where a name or alias of an environment is defined.
type envName struct {
	env  int    // index in Environments
	key  string // key path of the name or alias
	line int
}

// checkEnvNames reports names and aliases used twice, and returns the
// index of every name and alias.
func (p *configParser) checkEnvNames(envs []Environment) map[string]envName {
	names := make(map[string]envName, len(envs)*3)
	add := func(i int, key, name string) {
		if name == "" {
			return
		}
		line := p.lines[key]
		if prev, dup := names[name]; dup {
			p.addf(key, line, "%q is already %s (line %d); names and aliases must be unique across all environments",
				name, p.describeEnvName(envs, prev), prev.line)
			return
		}
		names[name] = envName{env: i, key: key, line: line}
	}
	for i, e := range envs {
		path := keyIndex("environments", i)
		add(i, keyJoin(path, "name"), e.Name)
	}
	for i, e := range envs {
		path := keyJoin(keyIndex("environments", i), "aliases")
		for j, a := range e.Aliases {
			add(i, keyIndex(path, j), a)
		}
	}
	return names
}

// describeEnvName renders where a name is defined, like "the name of
// environments[1]" or "an alias of environments[1] (production)".
func (p *configParser) describeEnvName(envs []Environment, n envName) string {
	env := keyIndex("environments", n.env)
	if strings.HasSuffix(n.key, ".name") {
		return "the name of " + env
	}
	return fmt.Sprintf("an alias of %s (%s)", env, envs[n.env].Name)
}

// resolveAfter checks that each `after` names an environment and replaces
// an alias by that environment's name.
func (p *configParser) resolveAfter(envs []Environment, names map[string]envName) {
	for i := range envs {
		after := envs[i].After
		if after == "" {
			continue
		}
		key := keyJoin(keyIndex("environments", i), "after")
		n, ok := names[after]
		if !ok {
			p.addf(key, p.lines[key], "%q is not an environment: after must name another environment by name or alias, one of %s", after, envList(envs))
			envs[i].After = ""
			continue
		}
		envs[i].After = envs[n.env].Name
	}
}

// envList renders the environments as "staging (stg), production (prod)".
func envList(envs []Environment) string {
	parts := make([]string, 0, len(envs))
	for _, e := range envs {
		if e.Name == "" {
			continue
		}
		s := e.Name
		if len(e.Aliases) > 0 {
			s += " (" + strings.Join(e.Aliases, ", ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// checkCycles reports each cycle of `after` links once, at the first
// environment of the cycle met in file order.
func (p *configParser) checkCycles(envs []Environment) {
	next := make([]int, len(envs))
	byName := make(map[string]int, len(envs))
	for i, e := range envs {
		if e.Name != "" {
			byName[e.Name] = i
		}
	}
	for i, e := range envs {
		next[i] = -1
		if j, ok := byName[e.After]; ok && e.After != "" {
			next[i] = j
		}
	}
	state := make([]int8, len(envs)) // 0 unseen, 1 on the current walk, 2 done
	for i := range envs {
		var walk []int
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			walk = append(walk, j)
			j = next[j]
		}
		if j >= 0 && state[j] == 1 {
			p.reportCycle(envs, walk[indexOf(walk, j):])
		}
		for _, k := range walk {
			state[k] = 2
		}
	}
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// reportCycle reports the cycle that runs through the environments cycle.
func (p *configParser) reportCycle(envs []Environment, cycle []int) {
	names := make([]string, 0, len(cycle)+1)
	for _, i := range cycle {
		names = append(names, envs[i].Name)
	}
	names = append(names, envs[cycle[0]].Name)
	key := keyJoin(keyIndex("environments", cycle[0]), "after")
	p.addf(key, p.lines[key], "after links form a cycle: %s; a version must start somewhere, so the first environment of a chain has no after",
		strings.Join(names, " -> "))
}

// checkApprovers reports approvals that nobody could give, approverNotAuthor
// without people to match authors with, and soak without an environment
// to soak in.
func (p *configParser) checkApprovers(envs []Environment, people map[string]string) {
	const fix = "is %d but approvers is empty, so nobody could approve: list the Slack user or user-group IDs in approvers, or set it to 0"
	for i, e := range envs {
		path := keyIndex("environments", i)
		if key := keyJoin(path, "approvals"); e.Approvals > 0 && len(e.Approvers) == 0 {
			p.addf(key, p.lines[key], fix, e.Approvals)
		}
		if key := keyJoin(path, "rollback.approvals"); e.Rollback.Approvals > 0 && len(e.Approvers) == 0 {
			p.addf(key, p.lines[key], fix, e.Rollback.Approvals)
		}
		if key := keyJoin(path, "approverNotAuthor"); e.ApproverNotAuthor && len(people) == 0 {
			p.addf(key, p.lines[key], "is true but people is empty, so no approver could be matched with a pull request's author: map Slack user IDs to GitHub logins in people (U0123ABCD: octocat), or remove approverNotAuthor")
		}
		if _, hasAfter := p.lines[keyJoin(path, "after")]; e.Soak > 0 && !hasAfter {
			key := keyJoin(path, "soak")
			p.addf(key, p.lines[key], "has no effect without after: soak is how long the version must run healthy in the after environment; set after, or remove soak")
		}
	}
}

// checkInsecure refuses unverified TLS (insecure) or no TLS at all
// (plaintext) to Argo CD when an environment is protected, unless the file
// accepts that risk explicitly with allowInsecure.
func (p *configParser) checkInsecure(cfg *Config) {
	if cfg.ArgoCD.AllowInsecure {
		return
	}
	var protected []string
	for _, e := range cfg.Environments {
		if e.Protected() {
			protected = append(protected, e.Name)
		}
	}
	if len(protected) == 0 {
		return
	}
	list := strings.Join(protected, ", ")
	if cfg.ArgoCD.Insecure {
		p.addf("argocd.insecure", p.lines["argocd.insecure"], "turns off TLS certificate checks, but %s is protected (it has after or approvals), so a forged Argo CD could fake the evidence that gates it: trust the server's certificate and remove insecure, or set allowInsecure: true to accept the risk", list)
	}
	if cfg.ArgoCD.Plaintext {
		p.addf("argocd.plaintext", p.lines["argocd.plaintext"], "turns off TLS, but %s is protected (it has after or approvals), so anyone on the network could fake the evidence that gates it or read the token: use TLS and remove plaintext, or set allowInsecure: true to accept the risk (a local test setup)", list)
	}
}

// checkFilePaths refuses file paths without {env} when there are several
// environments: a promotion to one would change them all.
func (p *configParser) checkFilePaths(cfg *Config) {
	if len(cfg.Environments) < 2 {
		return
	}
	for _, s := range cfg.Services {
		for j, f := range s.Files {
			if s.Name == "" || f.Path == "" || strings.Contains(f.Path, "{env}") {
				continue
			}
			key := keyJoin(keyIndex(keyJoin("services", s.Name)+".files", j), "path")
			p.addf(key, p.lines[key], "%q has no {env}, so every environment would edit the same file: put {env} where the environment's directory or file name goes, like environments/{env}/api/config.yaml", f.Path)
		}
	}
}
