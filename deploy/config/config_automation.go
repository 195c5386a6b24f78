package config

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// An automation is a pipeline (CI, a release train) that requests
// promotions and rollbacks through deploybot's local API with a token
// from the config. It acts as the Person whose ID is AutomationPrefix
// followed by its name, so an environment's promoters may list it
// ("automation:release-pipeline"). It is never a person: it can never
// approve.

// AutomationPrefix starts the Person ID of an automation, and the entry
// that names one in an environment's promoters.
const AutomationPrefix = "automation:"

// MinAutomationTokenLen is the shortest automation token accepted.
const MinAutomationTokenLen = 16

// Automation is one entry of `automation`.
type Automation struct {
	Name         string
	Token        SecretRef
	Environments []string // canonical environment names it may act in
}

// SecretRef names where a secret is read from: an environment variable
// ({env: NAME}) or a file ({file: PATH}); exactly one is set.
type SecretRef struct {
	Env  string
	File string
}

// String describes where the secret is read from, never its value.
func (r SecretRef) String() string {
	if r.Env != "" {
		return "environment variable " + r.Env
	}
	return "file " + r.File
}

// APIConfig is the optional `api` section: the local API of deploybot
// serve on TCP, besides its Unix socket.
type APIConfig struct {
	// Listen is host:port for the API on TCP; empty serves it only on
	// the Unix socket beside the store. Every request on TCP needs a
	// bearer token.
	Listen string
}

// AutomationID returns the Person ID of the automation named name.
func AutomationID(name string) string { return AutomationPrefix + name }

// FindAutomation returns the automation named name, and whether there is
// one.
func (c *Config) FindAutomation(name string) (Automation, bool) {
	for _, a := range c.Automation {
		if a.Name == name {
			return a, true
		}
	}
	return Automation{}, false
}

// envVarRE is the shape of an environment variable's name.
var envVarRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// automations walks the optional `automation` list.
func (p *configParser) automations(path string, n *yaml.Node) []Automation {
	items, ok := p.list(path, n, "automations (- name: release-pipeline)")
	if !ok {
		return nil
	}
	out := make([]Automation, 0, len(items))
	for i, item := range items {
		out = append(out, p.automation(keyIndex(path, i), item))
	}
	return out
}

// automation walks one item of `automation`. Environments are checked
// against the environments in validateAutomation.
func (p *configParser) automation(path string, n *yaml.Node) Automation {
	var a Automation
	p.fields(path, n, []configField{
		{name: "name", required: true, hint: "a lowercase name such as release-pipeline",
			parse: func(k string, v *yaml.Node) {
				if s, ok := p.str(k, v); ok && p.dnsLabel(k, v.Line, s, "automation", nil) {
					a.Name = s
				}
			}},
		{name: "token", required: true, hint: "where its token is read from: {env: RELEASE_PIPELINE_TOKEN} or {file: /run/secrets/release-pipeline}",
			parse: func(k string, v *yaml.Node) { a.Token = p.secretRef(k, v) }},
		{name: "environments", required: true, hint: "the environments it may promote to and roll back, like [staging]",
			parse: func(k string, v *yaml.Node) { a.Environments = p.strList(k, v, "environment names", nil) }},
	})
	return a
}

// secretRef walks {env: NAME} or {file: PATH}. A scalar is left to
// scanSecrets, which reports it as a secret in the config file.
func (p *configParser) secretRef(path string, n *yaml.Node) SecretRef {
	var r SecretRef
	if resolveAlias(n).Kind == yaml.ScalarNode {
		return r
	}
	before := len(p.problems)
	if !p.fields(path, n, []configField{
		{name: "env", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok {
				if !envVarRE.MatchString(s) {
					p.addf(k, v.Line, "%q is not an environment variable name: use letters, digits and _, like RELEASE_PIPELINE_TOKEN", s)
					return
				}
				r.Env = s
			}
		}},
		{name: "file", parse: func(k string, v *yaml.Node) { r.File, _ = p.str(k, v) }},
	}) || len(p.problems) > before {
		return SecretRef{}
	}
	if (r.Env == "") == (r.File == "") {
		p.addf(path, n.Line, "must name exactly one of env (an environment variable) or file (a path) holding the token, like {env: RELEASE_PIPELINE_TOKEN}")
		return SecretRef{}
	}
	return r
}

// isTokenRef reports whether key at path is an automation's token and n
// a reference to it ({env: NAME} or {file: PATH}), not the secret itself.
func isTokenRef(path, key string, n *yaml.Node) bool {
	if key != "token" || !strings.HasPrefix(path, "automation[") || strings.Contains(path, ".") {
		return false
	}
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k != "env" && k != "file" {
			return false
		}
		if n.Content[i+1].Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

// promoter checks an entry of an environment's promoters: a Slack user
// or user-group ID, or automation:NAME (checked against the automations
// in validateAutomation).
func (p *configParser) promoter(path string, line int, s string) bool {
	if strings.HasPrefix(s, AutomationPrefix) {
		return p.dnsLabel(path, line, strings.TrimPrefix(s, AutomationPrefix), "automation", nil)
	}
	return p.slackMember(path, line, s)
}

// approver checks an entry of an environment's approvers: a Slack user
// or user-group ID; an automation is refused with why.
func (p *configParser) approver(path string, line int, s string) bool {
	if strings.HasPrefix(s, AutomationPrefix) {
		p.addf(path, line, "%q is an automation, and an automation can never approve: list the people (Slack user or user-group IDs) who approve", s)
		return false
	}
	return p.slackMember(path, line, s)
}

// validateAutomation checks the automations against each other and the
// environments: unique names, known environments (an alias becomes the
// name), and that every automation:NAME among promoters exists.
func (p *configParser) validateAutomation(cfg *Config) {
	seen := map[string]bool{}
	for i := range cfg.Automation {
		a := &cfg.Automation[i]
		key := keyIndex("automation", i)
		if a.Name != "" && seen[a.Name] {
			p.addf(keyJoin(key, "name"), p.lines[keyJoin(key, "name")], "automation %q is listed twice; names must be unique", a.Name)
		}
		seen[a.Name] = true
		for j, name := range a.Environments {
			ek := keyIndex(keyJoin(key, "environments"), j)
			e, err := cfg.ResolveEnvironment(name)
			if err != nil {
				p.addf(ek, p.lines[ek], "%s", err.Error())
				continue
			}
			a.Environments[j] = e.Name
		}
	}
	for i, e := range cfg.Environments {
		for j, id := range e.Promoters {
			name, ok := strings.CutPrefix(id, AutomationPrefix)
			if !ok || seen[name] {
				continue
			}
			key := keyIndex(keyJoin(keyIndex("environments", i), "promoters"), j)
			p.addf(key, p.lines[key], "%q names no automation; add - name: %s under automation:, or remove it", id, name)
		}
	}
}

// api walks the optional `api` section.
func (p *configParser) api(path string, n *yaml.Node, c *APIConfig) {
	p.fields(path, n, []configField{
		{name: "listen", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok && s != "" && p.listenAddr(k, v.Line, s) {
				c.Listen = s
			}
		}},
	})
}
