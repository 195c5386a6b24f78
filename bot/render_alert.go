package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Block Kit limits the announcement's variable texts are clipped to.
// (docs.slack.dev/reference/block-kit, checked 2026-12-04).
const (
	maxSectionText   = 3000 // a section's text
	maxFieldText     = 2000 // one of a section's fields
	maxSectionFields = 10   // fields in one section
	maxTextObject    = 3000 // any text object, e.g. a context element
	maxHeaderText    = 150  // a header's plain_text
	maxButtonText    = 75   // a button's plain_text
	maxMessageBlocks = 50   // blocks in one message
	// maxMessageText is where Slack cuts a message's text (chat.postMessage:
	// "Slack will truncate messages containing more than 40,000
	// characters").
	maxMessageText = 40000
)

// alertPrefix starts the warning of a merge without the required
// approvals, as the engine words it (deploy.NoticeDetails.Alert).
const alertPrefix = "Not a normal deployment: "

// alertText is the warning v's announcement repeats in every state once
// someone merged its pull request without the required approvals: the
// notice's Alert, else what the promotion records (a notice that carries
// no details after a restart); "" for a normal deployment.
func alertText(v view) string {
	if v.D.Alert != "" {
		return v.D.Alert
	}
	if v.P.Unapproved != "" {
		return alertPrefix + v.P.Unapproved
	}
	return ""
}

// alertBlock is the loud section under the header: "🚨 *Not a normal
// deployment:* merged by <@U0EVE> (@eve) on GitHub without the required
// approvals: 1 more approval"; nil when there is no alert.
func alertBlock(v view) slack.Block {
	a := alertText(v)
	if a == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(a, alertPrefix); ok {
		a = "*" + strings.TrimSpace(alertPrefix) + "* " + rest
	}
	return section(clip("🚨 "+a, maxSectionText))
}

// clip shortens mrkdwn s to at most n characters, cutting at the last " · "
// or ", " that fits (so no mention or link is cut in half) and ending in
// " …"; s as it is when it fits.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	const more = " …"
	runes := []rune(s)
	head := string(runes[:n-utf8.RuneCountInString(more)])
	cut := max(strings.LastIndex(head, " · "), strings.LastIndex(head, ", "))
	if cut <= 0 {
		cut = strings.LastIndex(head, " ")
	}
	if cut > 0 {
		head = head[:cut]
	}
	return head + more
}
