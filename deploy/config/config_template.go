package config

import (
	"slices"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
	"gopkg.in/yaml.v3"
)

// Placeholders each kind of template may use.
var (
	nameVars  = []string{"service", "env"}            // argocdApp, file path, monitoring
	valueVars = []string{"version", "service", "env"} // file value
)

// ExpandTemplate returns tmpl with every {name} whose name is a key of vars
// replaced by its value. Everything else, including unknown placeholders
// and unbalanced braces, is copied unchanged; it never fails.
func ExpandTemplate(tmpl string, vars map[string]string) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 16)
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			break
		}
		end += open
		val, ok := vars[tmpl[open+1:end]]
		if !ok {
			b.WriteString(tmpl[:open+1]) // keep "{" and look for the next one
			tmpl = tmpl[open+1:]
			continue
		}
		b.WriteString(tmpl[:open])
		b.WriteString(val)
		tmpl = tmpl[end+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

// TemplatePlaceholders returns the names of the {placeholders} in tmpl, in
// order, repeats included. It returns a *fault.Error with CodeInvalid for an
// unbalanced brace or a placeholder that is not a name made of letters.
func TemplatePlaceholders(tmpl string) ([]string, error) {
	var names []string
	open := -1
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; {
		case c == '{' && open >= 0, c == '}' && open < 0:
			return nil, fault.Errorf(fault.CodeInvalid, "%q has an unbalanced %q at character %d: placeholders are written like {env}", tmpl, c, i+1)
		case c == '{':
			open = i
		case c == '}':
			name := tmpl[open+1 : i]
			if !isLetters(name) {
				return nil, fault.Errorf(fault.CodeInvalid, "%q has a placeholder {%s}, which is not a name: placeholders are written like {env}", tmpl, name)
			}
			names = append(names, name)
			open = -1
		}
	}
	if open >= 0 {
		return nil, fault.Errorf(fault.CodeInvalid, "%q has an unbalanced \"{\" at character %d: placeholders are written like {env}", tmpl, open+1)
	}
	return names, nil
}

// isLetters reports whether s is a non-empty run of ASCII letters.
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// template returns a template string that uses only allowed placeholders.
func (p *configParser) template(path string, n *yaml.Node, allowed []string) (string, bool) {
	s, ok := p.str(path, n)
	if !ok {
		return "", false
	}
	names, err := TemplatePlaceholders(s)
	if err != nil {
		p.addf(path, n.Line, "%s", err.Error())
		return "", false
	}
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			p.addf(path, n.Line, "%q uses {%s}, which is not a placeholder here: it may use %s", s, name, placeholderList(allowed))
			return "", false
		}
	}
	return s, true
}

// placeholderList renders names as "{service} and {env}".
func placeholderList(names []string) string {
	braced := make([]string, len(names))
	for i, n := range names {
		braced[i] = "{" + n + "}"
	}
	if len(braced) == 1 {
		return braced[0]
	}
	return strings.Join(braced[:len(braced)-1], ", ") + " and " + braced[len(braced)-1]
}
