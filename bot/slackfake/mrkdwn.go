package slackfake

import (
	"regexp"
	"strings"
)

// names resolves IDs in mentions; nil functions keep the ID.
type names struct {
	user, group, channel func(id string) string
}

func (n names) lookup(f func(string) string, id string) string {
	if f == nil {
		return id
	}
	return f(id)
}

var (
	reAngle = regexp.MustCompile(`<([^<>\n]*)>`)
	// Emphasis markers count only at word boundaries, as in Slack.
	reEmphasis = []*regexp.Regexp{
		regexp.MustCompile("(^|[\\s(\\[])\\*([^*\\s](?:[^*\\n]*[^*\\s])?)\\*($|[\\s).,:;!?\\]])"),
		regexp.MustCompile("(^|[\\s(\\[])_([^_\\s](?:[^_\\n]*[^_\\s])?)_($|[\\s).,:;!?\\]])"),
		regexp.MustCompile("(^|[\\s(\\[])~([^~\\s](?:[^~\\n]*[^~\\s])?)~($|[\\s).,:;!?\\]])"),
		regexp.MustCompile("(^|[\\s(\\[])`([^`\\n]+)`($|[\\s).,:;!?\\]])"),
	}
	htmlUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// plainMrkdwn renders mrkdwn as a person reads it: mentions and links by
// name, emphasis markers dropped, entities unescaped.
func (n names) plainMrkdwn(s string) string {
	s = reAngle.ReplaceAllStringFunc(s, func(m string) string {
		return n.angle(m[1 : len(m)-1])
	})
	for _, re := range reEmphasis {
		for range 3 { // a boundary consumed by one match may start the next
			t := re.ReplaceAllString(s, "$1$2$3")
			if t == s {
				break
			}
			s = t
		}
	}
	return htmlUnescaper.Replace(s)
}

// angle renders the inside of <...>: a mention, a special or a link.
func (n names) angle(in string) string {
	target, label, hasLabel := strings.Cut(in, "|")
	switch {
	case strings.HasPrefix(target, "@"):
		return "@" + n.lookup(n.user, target[1:])
	case strings.HasPrefix(target, "#"):
		if hasLabel && label != "" {
			return "#" + label
		}
		return "#" + n.lookup(n.channel, target[1:])
	case strings.HasPrefix(target, "!subteam^"):
		if hasLabel && label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return "@" + n.lookup(n.group, strings.TrimPrefix(target, "!subteam^"))
	case strings.HasPrefix(target, "!date^"):
		return label
	case strings.HasPrefix(target, "!"):
		return "@" + strings.TrimPrefix(target, "!")
	case hasLabel && label != "":
		return label
	default:
		return strings.TrimPrefix(target, "mailto:")
	}
}
