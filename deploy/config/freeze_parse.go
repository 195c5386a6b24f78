package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Keys of the two forms of freeze window.
var (
	recurringFreezeKeys = []string{"days", "from", "to", "timezone"}
	absoluteFreezeKeys  = []string{"start", "end"}
)

// freezeWindows walks an environment's `freeze` list.
func (p *configParser) freezeWindows(path string, n *yaml.Node) []FreezeWindow {
	items, ok := p.list(path, n, "freeze windows")
	if !ok {
		return nil
	}
	out := make([]FreezeWindow, 0, len(items))
	for i, item := range items {
		if w, ok := p.freezeWindow(keyIndex(path, i), item); ok {
			out = append(out, w)
		}
	}
	return out
}

// freezeWindow walks one window, choosing its form by the keys it has.
func (p *configParser) freezeWindow(path string, n *yaml.Node) (FreezeWindow, bool) {
	if n.Kind != yaml.MappingNode {
		p.addf(path, n.Line, "must be a mapping, like {days: [Fri], from: \"15:00\", to: \"23:59\", reason: ...} or {start: ..., end: ..., reason: ...}, not %s", kindName(n))
		return FreezeWindow{}, false
	}
	recurring, absolute := hasAnyKey(n, recurringFreezeKeys), hasAnyKey(n, absoluteFreezeKeys)
	switch {
	case recurring && absolute:
		p.addf(path, n.Line, "mixes a weekly window (days, from, to, timezone) with a one-off window (start, end); write them as two entries")
		return FreezeWindow{}, false
	case absolute:
		return p.absoluteWindow(path, n)
	case recurring:
		return p.recurringWindow(path, n)
	}
	p.addf(path, n.Line, "a freeze window needs either days, from and to (every week) or start and end (once), and a reason")
	return FreezeWindow{}, false
}

// hasAnyKey reports whether mapping n has one of keys.
func hasAnyKey(n *yaml.Node, keys []string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		for _, k := range keys {
			if n.Content[i].Value == k {
				return true
			}
		}
	}
	return false
}

// recurringWindow walks {days, from, to, timezone, reason}.
func (p *configParser) recurringWindow(path string, n *yaml.Node) (FreezeWindow, bool) {
	w := FreezeWindow{Location: time.UTC}
	var fromOK, toOK bool
	before := len(p.problems)
	p.fields(path, n, []configField{
		{name: "days", required: true, hint: "the weekdays it applies on, like [Sat, Sun]",
			parse: func(k string, v *yaml.Node) { w.Days = p.weekdays(k, v) }},
		{name: "from", required: true, hint: `the local time it starts, as HH:MM, like "15:00"`,
			parse: func(k string, v *yaml.Node) { w.From, fromOK = p.clock(k, v) }},
		{name: "to", required: true, hint: `the last local minute it covers, as HH:MM, like "23:59"`,
			parse: func(k string, v *yaml.Node) { w.To, toOK = p.clock(k, v) }},
		{name: "timezone", parse: func(k string, v *yaml.Node) { w.Location = p.location(k, v) }},
		{name: "reason", required: true, hint: "why promotions are frozen; it is shown to whoever is blocked",
			parse: func(k string, v *yaml.Node) { w.Reason, _ = p.str(k, v) }},
	})
	if fromOK && toOK && w.From > w.To {
		key := keyJoin(path, "from")
		p.addf(key, p.lines[key], "from %s is after to %s, but a window cannot cross midnight: from must be before or equal to to; write an overnight window as two entries, one to \"23:59\" and one from \"00:00\" on the next day", clockString(w.From), clockString(w.To))
	}
	return w, len(p.problems) == before
}

// absoluteWindow walks {start, end, reason}.
func (p *configParser) absoluteWindow(path string, n *yaml.Node) (FreezeWindow, bool) {
	var w FreezeWindow
	var startOK, endOK bool
	before := len(p.problems)
	p.fields(path, n, []configField{
		{name: "start", required: true, hint: "the first frozen instant, like 2026-12-22T00:00:00Z",
			parse: func(k string, v *yaml.Node) { w.Start, startOK = p.timestamp(k, v) }},
		{name: "end", required: true, hint: "the first instant no longer frozen, like 2027-01-04T00:00:00Z",
			parse: func(k string, v *yaml.Node) { w.End, endOK = p.timestamp(k, v) }},
		{name: "reason", required: true, hint: "why promotions are frozen; it is shown to whoever is blocked",
			parse: func(k string, v *yaml.Node) { w.Reason, _ = p.str(k, v) }},
	})
	if startOK && endOK && !w.End.After(w.Start) {
		key := keyJoin(path, "end")
		p.addf(key, p.lines[key], "end must be after start (%s)", w.Start.Format(time.RFC3339))
	}
	return w, len(p.problems) == before
}

// weekdayNames maps a lowercase three-letter day name to its weekday.
var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// weekdays returns the days of a `days` list.
func (p *configParser) weekdays(path string, n *yaml.Node) []time.Weekday {
	var days []time.Weekday
	p.strList(path, n, "days, like [Sat, Sun]", func(k string, line int, s string) bool {
		d, ok := weekdayNames[strings.ToLower(s)]
		switch {
		case !ok:
			p.addf(k, line, "%q is not a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun", s)
		case slices.Contains(days, d):
			p.addf(k, line, "%s is listed twice", s)
		default:
			days = append(days, d)
		}
		return ok
	})
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		p.addf(path, n.Line, "must list at least one day, like [Sat, Sun]")
	}
	return days
}

var clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)

// clock returns a time of day written HH:MM.
func (p *configParser) clock(path string, n *yaml.Node) (ClockTime, bool) {
	s, ok := p.str(path, n)
	if !ok {
		return 0, false
	}
	m := clockRE.FindStringSubmatch(s)
	if m == nil {
		hint := ""
		if s == "24:00" {
			hint = "; to is inclusive to the minute, so write \"23:59\" for the end of the day"
		}
		p.addf(path, n.Line, "must be a time of day as HH:MM from 00:00 to 23:59, quoted, like \"15:00\", not %s%s", describeNode(n), hint)
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	return ClockTime(h*60 + min), true
}

// clockString renders a time of day as HH:MM.
func clockString(c ClockTime) string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// location returns the time zone named by an IANA name such as Europe/London.
func (p *configParser) location(path string, n *yaml.Node) *time.Location {
	s, ok := p.str(path, n)
	if !ok {
		return time.UTC
	}
	if loc, ok := p.zones[s]; ok {
		return loc
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "Local" {
		p.addf(path, n.Line, "%q is not an IANA time zone: write a zone name like Europe/London, America/New_York or UTC", s)
		return time.UTC
	}
	if p.zones == nil {
		p.zones = map[string]*time.Location{}
	}
	p.zones[s] = loc
	return loc
}

// timestamp returns an RFC 3339 instant.
func (p *configParser) timestamp(path string, n *yaml.Node) (time.Time, bool) {
	s, ok := p.str(path, n)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.addf(path, n.Line, "must be a date and time with a zone in RFC 3339 form, like 2026-12-22T00:00:00Z, not %s", describeNode(n))
		return time.Time{}, false
	}
	return t, true
}
