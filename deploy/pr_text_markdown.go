package deploy

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// zeroWidthSpace goes after an "@" in free text so that GitHub does not
// turn "@name" into a mention that notifies someone.
const zeroWidthSpace = "\u200b"

// mdSpecial are the characters escaped in free text: Markdown syntax,
// HTML and table cell separators.
const mdSpecial = "\\`*_[]<>|~&"

// mentionRE finds "@name" at the start of a word, as GitHub mentions it.
var mentionRE = regexp.MustCompile(`(^|[^\w@])@(\w)`)

// issueRefRE finds "#123" at the start of a word.
var issueRefRE = regexp.MustCompile(`(^|[^\w/#])#([0-9]+)\b`)

// slackIDRE matches a Slack user ID, which the body shows as mention text.
var slackIDRE = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// mdText returns s, one line, as Markdown text that shows exactly s: syntax
// characters escaped, line breaks turned into spaces, mentions defused.
func mdText(s string) string { return mdEscape(oneLine(s)) }

// oneLine collapses every run of white space, line breaks included, into
// one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdEscape escapes Markdown syntax characters in s and defuses mentions.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return mentionRE.ReplaceAllString(b.String(), "$1@"+zeroWidthSpace+"$2")
}

// mdCommitSubject returns a commit or pull request title from repo as
// Markdown text: "#812" becomes "acme/api#812" so GitHub links it to the
// right repository instead of the GitOps repo's own #812.
func mdCommitSubject(s, repo string) string {
	s = oneLine(s)
	if repo == "" {
		return mdEscape(s)
	}
	var b strings.Builder
	last := 0
	for _, m := range issueRefRE.FindAllStringSubmatchIndex(s, -1) {
		hash := m[4] - 1 // the "#" before the number
		b.WriteString(mdEscape(s[last:hash]))
		b.WriteString(repo + "#" + s[m[4]:m[5]])
		last = m[5]
	}
	b.WriteString(mdEscape(s[last:]))
	return b.String()
}

// mdCode returns s as an inline code span that shows s verbatim, or
// "(unknown)" for an empty s.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return "(unknown)"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdLink returns [text](url), or just text when url is empty. text is
// Markdown already.
func mdLink(text, url string) string {
	if url == "" || strings.ContainsAny(url, " \n()<>") {
		return text
	}
	return fmt.Sprintf("[%s](%s)", text, url)
}

// mdQuote returns free text as a block quote, one "> " line per line.
func mdQuote(s string) string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = mdText(line)
		switch {
		case line == "":
			lines = append(lines, ">")
			continue
		case strings.ContainsAny(line[:1], "#-+="):
			line = "\\" + line // not a heading, list or quote
		}
		lines = append(lines, "> "+line)
	}
	return strings.Join(lines, "\n")
}

// mdRequester shows who asked: a Slack user ID as its mention text
// (`<@U0123ABCD>`), anything else as escaped text.
func mdRequester(who string) string {
	switch {
	case who == "":
		return "someone"
	case slackIDRE.MatchString(who):
		return mdCode("<@" + who + ">")
	}
	return mdText(who)
}

// prShortSHA abbreviates a commit SHA to seven characters.
func prShortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// prTime renders t as "2026-03-02 14:02 UTC".
func prTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// prDuration renders d rounded down to the minute: "2h 14m", "45m", "0m".
func prDuration(d time.Duration) string {
	d = d.Truncate(time.Minute)
	h, m := d/time.Hour, (d%time.Hour)/time.Minute
	switch {
	case d <= 0:
		return "0m"
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %dm", h, m)
}

// prCount renders "1 commit" or "3 commits".
func prCount(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// promotionMarker is the hidden comment that ties a pull request to its
// promotion: <!-- deploybot:promotion=p42 -->.
func promotionMarker(id string) string {
	return fmt.Sprintf("<!-- deploybot:promotion=%s -->", strings.NewReplacer("--", "", ">", "", "\n", "").Replace(id))
}
