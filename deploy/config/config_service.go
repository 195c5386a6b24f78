package config

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/deploybot/deploybot/deploy/yamledit"
)

// services walks the `services` mapping from service name to service.
func (p *configParser) services(path string, n *yaml.Node) []Service {
	if n.Kind != yaml.MappingNode {
		p.addf(path, n.Line, "must be a mapping from service name to service (api: {files: ...}), not %s", kindName(n))
		return nil
	}
	pairs := p.pairs(path, n)
	if len(pairs) == 0 {
		p.addf(path, n.Line, "is empty: define at least one service")
	}
	svcs := make([]Service, 0, len(pairs))
	for _, kv := range pairs {
		name := kv.key.Value
		key := keyJoin(path, name)
		p.lines[key] = kv.key.Line
		if !p.dnsLabel(key, kv.key.Line, name, "service", reservedServiceNames) {
			name = ""
		}
		svcs = append(svcs, p.service(key, name, resolveAlias(kv.value)))
	}
	return svcs
}

// service walks one service, applying defaults.
func (p *configParser) service(path, name string, n *yaml.Node) Service {
	s := Service{Name: name, ArgoCDApp: "{service}-{env}", Version: PatternSemver}
	p.fields(path, n, []configField{
		{name: "argocdApp", parse: func(k string, v *yaml.Node) {
			if t, ok := p.template(k, v, nameVars); ok {
				s.ArgoCDApp = t
			}
		}},
		{name: "version", parse: func(k string, v *yaml.Node) { s.Version = p.versionPattern(k, v) }},
		{name: "source", parse: func(k string, v *yaml.Node) {
			if t, ok := p.str(k, v); ok && p.repository(k, v.Line, t) {
				s.Source = t
			}
		}},
		{name: "files", required: true, hint: "the GitOps files that pin the version, like - {path: \"envs/{env}/api.yaml\", key: image.tag}",
			parse: func(k string, v *yaml.Node) { s.Files = p.files(k, v) }},
	})
	p.checkComponentsVersion(path, s)
	return s
}

// checkComponentsVersion requires version: sha of a service with an
// environment-wide promotions file, which pins commit SHAs.
func (p *configParser) checkComponentsVersion(path string, s Service) {
	for i, f := range s.Files {
		if f.Components == "" || s.Version == PatternSHA {
			continue
		}
		key := keyJoin(keyIndex(keyJoin(path, "files"), i), "components")
		p.addf(key, p.lines[key], "needs version: sha, because an environment-wide promotions file pins full commit SHAs; set version: sha on the service, or remove components")
	}
}

// versionPattern returns semver, sha or any.
func (p *configParser) versionPattern(path string, n *yaml.Node) VersionPattern {
	s, ok := p.str(path, n)
	switch VersionPattern(s) {
	case PatternSemver, PatternSHA, PatternAny:
		return VersionPattern(s)
	}
	if ok {
		p.addf(path, n.Line, "must be semver (1.2.3 or v1.2.3), sha (a full 40-hex commit SHA) or any, not %s", describeNode(n))
	}
	return PatternSemver
}

// files walks a service's `files` list.
func (p *configParser) files(path string, n *yaml.Node) []FileTarget {
	items, ok := p.list(path, n, "files ({path, key, value})")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.addf(path, n.Line, "is empty: list at least one file that pins the version, like - {path: \"envs/{env}/api.yaml\", key: image.tag}")
	}
	out := make([]FileTarget, len(items))
	seen := map[string]int{}
	for i, item := range items {
		key := keyIndex(path, i)
		out[i] = p.file(key, item)
		if f := out[i]; f.Path != "" && f.Key != "" {
			id := f.Path + "\x00" + f.Key
			if j, dup := seen[id]; dup {
				p.addf(key, item.Line, "names the same path and key as %s; remove one", keyIndex(path, j))
			}
			seen[id] = i
		}
	}
	return out
}

// file walks one {path, key, value, components} entry.
func (p *configParser) file(path string, n *yaml.Node) FileTarget {
	f := FileTarget{Value: "{version}"}
	var kp yamledit.KeyPath
	p.fields(path, n, []configField{
		{name: "path", required: true, hint: "the file's path in the GitOps repo, over {service} and {env}, like environments/{env}/api/config.yaml",
			parse: func(k string, v *yaml.Node) { f.Path = p.filePath(k, v) }},
		{name: "key", required: true, hint: "the key path of the version in the file, like images[name=api].newTag",
			parse: func(k string, v *yaml.Node) {
				s, ok := p.str(k, v)
				if !ok {
					return
				}
				parsed, err := yamledit.ParseKeyPath(s)
				if err != nil {
					p.addf(k, v.Line, "%s", err.Error()) // a yamledit.Error: its message is the sentence to show
					return
				}
				f.Key, kp = s, parsed
			}},
		{name: "value", parse: func(k string, v *yaml.Node) { f.Value = p.valueTemplate(k, v) }},
		{name: "components", parse: func(k string, v *yaml.Node) { f.Components = p.componentsPath(k, v) }},
	})
	p.checkComponentsFile(path, f, kp)
	return f
}

// checkComponentsFile checks the path and key of a file with components:
// the generated files differ from the environment-wide one, and the key
// is a plain dotted path, as overrides repeat it below components.<service>.
func (p *configParser) checkComponentsFile(path string, f FileTarget, kp yamledit.KeyPath) {
	if f.Components == "" {
		return
	}
	if f.Components == f.Path {
		key := keyJoin(path, "components")
		p.addf(key, p.lines[key], "%q is the same as path: the generated per-service files must differ from the environment-wide file, like promotions/{env}/{service}.yaml", f.Components)
	}
	if kp != nil && !kp.Plain() {
		key := keyJoin(path, "key")
		p.addf(key, p.lines[key], "%q must be a plain dotted path like revision when components is set: the overrides live at components.<service>.<key>", f.Key)
	}
}

// componentsPath returns the template of the per-service files generated
// from an environment-wide promotions file: a file path with {service}.
func (p *configParser) componentsPath(path string, n *yaml.Node) string {
	s := p.filePath(path, n)
	if s != "" && !strings.Contains(s, "{service}") {
		p.addf(path, n.Line, "%q has no {service}, so every service would write the same generated file: put {service} in the file name, like promotions/{env}/{service}.yaml", s)
		return ""
	}
	return s
}

// filePath returns a relative file path template inside the repository.
func (p *configParser) filePath(path string, n *yaml.Node) string {
	s, ok := p.template(path, n, nameVars)
	if !ok {
		return ""
	}
	var msg string
	switch {
	case strings.HasPrefix(s, "/"):
		msg = "must be relative to the repository root, without a leading /"
	case strings.Contains(s, `\`):
		msg = "must use / between directories, not \\"
	case strings.HasSuffix(s, "/"):
		msg = "names a directory; it must name a file"
	case hasDotDot(s):
		msg = "must not contain .. : the file must be inside the repository"
	default:
		return s
	}
	p.addf(path, n.Line, "%q %s, like environments/{env}/api/config.yaml", s, msg)
	return ""
}

// hasDotDot reports whether a slash-separated path has a ".." element.
func hasDotDot(s string) bool {
	for _, elem := range strings.Split(s, "/") {
		if elem == ".." {
			return true
		}
	}
	return false
}

// valueTemplate returns a `value` template, which holds {version} once.
func (p *configParser) valueTemplate(path string, n *yaml.Node) string {
	s, ok := p.template(path, n, valueVars)
	if !ok {
		return "{version}"
	}
	switch c := strings.Count(s, "{version}"); {
	case c == 0:
		p.addf(path, n.Line, "%q has no {version}: it must say where the version goes, like \"api-v{version}\", or be left out to mean just {version}", s)
	case c > 1:
		p.addf(path, n.Line, "%q has {version} %d times: it must appear exactly once so the bot can read the version back", s, c)
	}
	return s
}
