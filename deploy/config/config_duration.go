package config

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// duration returns the value of a Go duration string such as 10m or 1h30m.
// A bare number is refused with a suggestion, except 0. It returns false
// after recording a problem.
func (p *configParser) duration(path string, n *yaml.Node) (time.Duration, bool) {
	if n.Kind != yaml.ScalarNode {
		p.addf(path, n.Line, "must be a duration like 10m, 1h30m or 45s, not %s", kindName(n))
		return 0, false
	}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		if d, err := time.ParseDuration(n.Value); err == nil && d == 0 {
			return 0, true
		}
		p.addf(path, n.Line, "%s has no unit; write a duration like %sm (minutes), %ss or %sh", n.Value, n.Value, n.Value, n.Value)
		return 0, false
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil {
		hint := ""
		if strings.HasSuffix(n.Value, "d") {
			hint = " (there is no day unit: write 24h for a day)"
		}
		p.addf(path, n.Line, "must be a duration like 10m, 1h30m or 45s, not %s%s", describeNode(n), hint)
		return 0, false
	}
	return d, true
}

// nonNegative returns a duration ≥ 0.
func (p *configParser) nonNegative(path string, n *yaml.Node) time.Duration {
	d, ok := p.duration(path, n)
	if ok && d < 0 {
		p.addf(path, n.Line, "must not be negative; use 0 for none")
		return 0
	}
	return d
}

// positive returns a duration > 0; def is returned after a problem so the
// rest of the walk sees a sane value.
func (p *configParser) positive(path string, n *yaml.Node, def time.Duration) time.Duration {
	d, ok := p.duration(path, n)
	if !ok {
		return def
	}
	if d <= 0 {
		p.addf(path, n.Line, "must be longer than 0; leave it out for the default %s", shortDuration(def))
		return def
	}
	return d
}

// shortDuration renders 30m0s as 30m and 1h0m0s as 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
