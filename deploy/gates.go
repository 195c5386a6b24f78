package deploy

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Gates are pure functions over explicit inputs: each returns nil when the
// action may go ahead, or a *Error whose Message is the sentence the person
// reads in Slack (what is wrong and what to do). The engine gathers the
// inputs (observations, config, the clock) and calls them.

// Person is someone acting through Slack: a user ID and the user groups
// (S… IDs) they belong to, as Slack reports them.
type Person struct {
	ID     string
	Groups []string // user-group IDs the person belongs to
	// GitHubLogin is the person's GitHub login from Config.People; empty
	// when the config does not map them.
	GitHubLogin string
	// Via is where the person acts, for the approval ledger: Slack (the
	// default, also "") or the command line (ApprovalCLI).
	Via ApprovalSource
}

// memberOf reports whether p is listed in ids, by user ID or by any of
// their group IDs.
func (p Person) memberOf(ids []string) bool {
	if p.ID != "" && slices.Contains(ids, p.ID) {
		return true
	}
	for _, g := range p.Groups {
		if slices.Contains(ids, g) {
			return true
		}
	}
	return false
}

// slackMention renders a Slack user (U…, W…) or user-group (S…) ID as a
// mention; anything else, such as a name given on the CLI, is kept as is.
func slackMention(id string) string {
	switch {
	case isSlackID(id, 'S'):
		return "<!subteam^" + id + ">"
	case isSlackID(id, 'U'), isSlackID(id, 'W'):
		return "<@" + id + ">"
	}
	return id
}

// isSlackID reports whether id looks like a Slack ID with the given prefix.
func isSlackID(id string, prefix byte) bool {
	if len(id) < 2 || id[0] != prefix {
		return false
	}
	for _, r := range id[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// slackMentions renders ids as "<@U1>, <@U2> or <!subteam^S3>", or
// fallback when there are none.
func slackMentions(ids []string, fallback string) string {
	if len(ids) == 0 {
		return fallback
	}
	m := make([]string, len(ids))
	for i, id := range ids {
		m[i] = slackMention(id)
	}
	if len(m) == 1 {
		return m[0]
	}
	return strings.Join(m[:len(m)-1], ", ") + " or " + m[len(m)-1]
}

// humanDuration renders d rounded down to the second without zero units:
// 10m, 3m12s, 1h5m, 0s.
func humanDuration(d time.Duration) string {
	d = d.Truncate(time.Second)
	if d <= 0 {
		return "0s"
	}
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// humanTime renders t in loc as the channel reads it: "14:02 UTC" on now's
// day (unless weekday asks for "Fri 14:02 UTC" there too), "Fri 23:59
// Europe/London" within six days either side, and with the date ("Mon 4 Jan
// 00:00 UTC", plus the year when it differs) beyond.
func humanTime(t, now time.Time, loc *time.Location, weekday bool) string {
	if loc == nil {
		loc = time.UTC
	}
	t, now = t.In(loc), now.In(loc)
	zone := loc.String()
	if zone == "" || zone == "Local" {
		zone = t.Format("MST") // a fixed offset such as +0100, or the abbreviation
	}
	ty, tm, td := t.Date()
	ny, nm, nd := now.Date()
	switch gap := t.Sub(now); {
	case !weekday && ty == ny && tm == nm && td == nd:
		return t.Format("15:04 ") + zone
	case gap < 6*24*time.Hour && gap > -6*24*time.Hour:
		return t.Format("Mon 15:04 ") + zone
	case ty == ny:
		return t.Format("Mon 2 Jan 15:04 ") + zone
	}
	return t.Format("Mon 2 Jan 2006 15:04 ") + zone
}

// via is where p acts, Slack when unset.
func (p Person) via() ApprovalSource {
	if p.Via == "" {
		return ApprovalSlack
	}
	return p.Via
}
