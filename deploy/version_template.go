package deploy

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// valueForm is a FileTarget's value template for one service and
// environment: {service} and {env} filled in, split around {version}.
type valueForm struct {
	pattern  config.VersionPattern
	tmpl     string // the expanded template, like api-v{version}
	prefix   string // the literal text before {version}
	suffix   string // the literal text after {version}
	literalV bool   // a semver template with a literal "v" right before {version}
}

// newValueForm expands f.Value for svc in env.
func newValueForm(svc config.Service, f config.FileTarget, env string) valueForm {
	tmpl := f.Value
	if tmpl == "" {
		tmpl = "{version}"
	}
	tmpl = config.ExpandTemplate(tmpl, map[string]string{"service": svc.Name, "env": env})
	prefix, suffix, found := strings.Cut(tmpl, "{version}")
	if !found { // a parsed Config always has {version}; read nothing back
		prefix, suffix = tmpl, "\x00"
	}
	return valueForm{
		pattern:  svc.Version,
		tmpl:     tmpl,
		prefix:   prefix,
		suffix:   suffix,
		literalV: svc.Version == config.PatternSemver && strings.HasSuffix(prefix, "v"),
	}
}

// read returns the version value holds, and false when value does not have
// the template's literal text around a non-empty version. A literal "v"
// before {version} in a semver template is read as part of the version.
func (vf valueForm) read(value string) (Version, bool) {
	if len(value) <= len(vf.prefix)+len(vf.suffix) ||
		!strings.HasPrefix(value, vf.prefix) || !strings.HasSuffix(value, vf.suffix) {
		return "", false
	}
	v := Version(value[len(vf.prefix) : len(value)-len(vf.suffix)])
	if vf.literalV && !hasV(v) {
		v = "v" + v
	}
	return v, true
}

// render returns the value that holds v, written in the form of current
// (the version the value holds now, as read; "" for none): see the rule
// above SameVersion.
func (vf valueForm) render(v, current Version) string {
	if vf.literalV {
		v = trimV(v)
	} else {
		v = inForm(vf.pattern, v, current)
	}
	return vf.prefix + string(v) + vf.suffix
}

// mismatch returns the CodeInvalid *Error for a value in file at key that
// does not match the template.
func (vf valueForm) mismatch(file, key, value string) error {
	return fault.Errorf(fault.CodeInvalid, "%s: %s is %q, which does not match its template %q. Fix the file, or the value template in deploybot.yaml.",
		file, key, value, vf.tmpl)
}
