package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// clockTime renders t as the channel reads it: "14:02 UTC".
func clockTime(t time.Time) string { return t.UTC().Format("15:04") + " UTC" }

// minutes renders a duration for people: "9 min", "2h 14m", "40 s".
func minutes(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
}

// mention renders a Slack user or group ID as a mention; anything else
// (a CLI name) as it is.
func mention(id string) string {
	switch {
	case len(id) > 1 && id[0] == 'S':
		return "<!subteam^" + id + ">"
	case len(id) > 1 && (id[0] == 'U' || id[0] == 'W'):
		return "<@" + id + ">"
	}
	return id
}

// mentions renders IDs as "a, b or c".
func mentions(ids []string) string {
	m := make([]string, len(ids))
	for i, id := range ids {
		m[i] = mention(id)
	}
	if len(m) <= 1 {
		return strings.Join(m, "")
	}
	return strings.Join(m[:len(m)-1], ", ") + " or " + m[len(m)-1]
}

// short returns the first 7 characters of a SHA.
func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// titleCase upper-cases the first letter: "production" -> "Production".
func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// escape makes text safe inside mrkdwn: &, < and > are Slack's control
// characters.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// plural returns "1 approval" or "2 approvals".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// versionMove renders "`v9.1.0` → `v9.1.1`", or just the new version when
// the old one is unknown.
func versionMove(from, to deploy.Version) string {
	if from == "" {
		return "`" + string(to) + "`"
	}
	return "`" + string(from) + "` → `" + string(to) + "`"
}
