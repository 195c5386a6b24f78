package deploy

import (
	"fmt"
	"strings"
)

// Mentioner names the person behind a ledger entry for one audience.
type Mentioner func(a Approval) string

// SlackWho names a ledger entry's person for Slack: a mention of the
// Slack user, else @login.
func SlackWho(a Approval) string {
	if a.By != "" {
		return slackMention(a.By)
	}
	return "@" + a.Login
}

// GitHubWho names a ledger entry's person for GitHub: @login, else the
// Slack user ID (GitHub can't mention a Slack user).
func GitHubWho(a Approval) string {
	switch {
	case a.Login != "":
		return "@" + a.Login
	case isSlackID(a.By, 'U'), isSlackID(a.By, 'W'):
		return "Slack user " + a.By
	}
	return a.By
}

// Text is the ledger in one line, e.g. "Approved by <@U1> in Slack, @lee on
// GitHub — 2 of 2", followed by the change requests that block and the
// entries that don't count, each with why.
func (l Ledger) Text(who Mentioner) string {
	var line string
	switch {
	case l.Required <= 0 && len(l.Approved) == 0:
		line = "Needs no approval"
	case len(l.Approved) == 0:
		line = fmt.Sprintf("No approvals yet — 0 of %d", l.Required)
	default:
		line = fmt.Sprintf("Approved by %s — %d of %d", entryList(l.Approved, who), len(l.Approved), l.Required)
	}
	parts := []string{line}
	if len(l.Blocking) > 0 {
		parts = append(parts, "changes requested by "+entryList(l.Blocking, who)+" (blocks until dismissed or approved again)")
	}
	for _, a := range l.Stale {
		parts = append(parts, fmt.Sprintf("not counted: %s (approved %s, an older head; the head is now %s)",
			entryList([]Approval{a}, who), shortSHA(a.HeadSHA), shortSHA(l.Head)))
	}
	for _, a := range l.Ignored {
		parts = append(parts, fmt.Sprintf("not counted: %s (%s)", entryList([]Approval{a}, who), a.NotCounted))
	}
	return strings.Join(parts, " · ")
}

// entryList renders entries as "<@U1> in Slack, @lee on GitHub".
func entryList(as []Approval, who Mentioner) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = who(a) + " " + a.source().where()
	}
	return strings.Join(out, ", ")
}
