package slackfake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
)

// richText renders the elements of a rich_text block.
func (n names) richText(raw []json.RawMessage) string {
	var parts []string
	for _, r := range raw {
		var el rElement
		if json.Unmarshal(r, &el) != nil {
			continue
		}
		switch el.Type {
		case "rich_text_list":
			parts = append(parts, n.richList(el))
		case "rich_text_preformatted":
			parts = append(parts, "```\n"+n.richInline(el.Elements)+"\n```")
		case "rich_text_quote":
			parts = append(parts, "> "+strings.ReplaceAll(n.richInline(el.Elements), "\n", "\n> "))
		default:
			parts = append(parts, n.richInline(el.Elements))
		}
	}
	return strings.Join(parts, "\n")
}

// richList renders a list's sections as "• item" or "1. item".
func (n names) richList(list rElement) string {
	ordered := stringOf(list.Style) == "ordered"
	var lines []string
	for i, r := range list.Elements {
		var sec rElement
		if json.Unmarshal(r, &sec) != nil {
			continue
		}
		bullet := "•"
		if ordered {
			bullet = fmt.Sprintf("%d.", i+1)
		}
		lines = append(lines, bullet+" "+n.richInline(sec.Elements))
	}
	return strings.Join(lines, "\n")
}

// richInline renders text, links, mentions and emoji of a section.
func (n names) richInline(raw []json.RawMessage) string {
	var b strings.Builder
	for _, r := range raw {
		var el rElement
		if json.Unmarshal(r, &el) != nil {
			continue
		}
		switch el.Type {
		case "text":
			b.WriteString(stringOf(el.Text))
		case "link":
			b.WriteString(cmp.Or(stringOf(el.Text), el.URL))
		case "user":
			b.WriteString("@" + n.lookup(n.user, el.UserID))
		case "usergroup":
			b.WriteString("@" + n.lookup(n.group, el.UsergroupID))
		case "channel":
			b.WriteString("#" + n.lookup(n.channel, el.ChannelID))
		case "emoji":
			b.WriteString(":" + el.Name + ":")
		case "broadcast":
			b.WriteString("@" + el.Range)
		}
	}
	return b.String()
}
