package slackfake

import (
	"cmp"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// rBlock is the part of a block the renderer reads.
type rBlock struct {
	Type      string            `json:"type"`
	BlockID   string            `json:"block_id"`
	Text      json.RawMessage   `json:"text"` // an object, or a string (markdown)
	Fields    []rText           `json:"fields"`
	Accessory *rElement         `json:"accessory"`
	Elements  []json.RawMessage `json:"elements"`
	AltText   string            `json:"alt_text"`
	Title     *rText            `json:"title"`
	Label     *rText            `json:"label"`
	Element   *rElement         `json:"element"`
}

type rText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// rElement is an interactive, context or rich text element.
type rElement struct {
	Type          string                `json:"type"`
	Text          json.RawMessage       `json:"text"`
	ActionID      string                `json:"action_id"`
	Value         string                `json:"value"`
	URL           string                `json:"url"`
	Style         json.RawMessage       `json:"style"` // a string for buttons
	AltText       string                `json:"alt_text"`
	Placeholder   *rText                `json:"placeholder"`
	InitialOption *struct{ Text rText } `json:"initial_option"`
	InitialValue  string                `json:"initial_value"`
	InitialDate   string                `json:"initial_date"`
	Elements      []json.RawMessage     `json:"elements"`
	Name          string                `json:"name"`
	UserID        string                `json:"user_id"`
	ChannelID     string                `json:"channel_id"`
	UsergroupID   string                `json:"usergroup_id"`
	Range         string                `json:"range"`
}

const divider = "────────────────────────────────────────"

// RenderBlocks renders a Block Kit array as the plain text a person reads:
// headers, sections (fields in two columns, an accessory at the right of
// the first line), context lines, dividers, buttons as "[ Approve ]", images
// as "[image: alt]", inputs and rich text. Mentions show as @ID, links as
// their label, mrkdwn emphasis without its markers. Blocks it cannot parse
// render as "[unreadable blocks]".
func RenderBlocks(blocks json.RawMessage) string {
	return names{}.renderBlocks(blocks)
}

func (n names) renderBlocks(raw json.RawMessage) string {
	var blocks []rBlock
	if len(raw) == 0 {
		return ""
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return "[unreadable blocks]"
	}
	var lines []string
	for _, b := range blocks {
		lines = append(lines, n.block(b)...)
	}
	return strings.Join(lines, "\n")
}

// block renders one block as lines.
func (n names) block(b rBlock) []string {
	switch b.Type {
	case "header", "markdown":
		return splitLines(n.textOf(b.Text))
	case "section":
		return n.section(b)
	case "divider":
		return []string{divider}
	case "context", "actions":
		return []string{n.inline(b.Elements)}
	case "image":
		return []string{"[image: " + cmp.Or(b.AltText, titleText(b.Title)) + "]"}
	case "input":
		return []string{titleText(b.Label) + ": " + n.element(b.Element)}
	case "rich_text":
		return splitLines(n.richText(b.Elements))
	default:
		return []string{"[" + b.Type + " block]"}
	}
}

func (n names) section(b rBlock) []string {
	lines := splitLines(n.textOf(b.Text))
	if len(b.Text) == 0 {
		lines = nil
	}
	cols := make([][]string, len(b.Fields))
	for i, f := range b.Fields {
		cols[i] = splitLines(n.text(f))
	}
	lines = append(lines, columns(cols)...)
	if b.Accessory != nil {
		acc := n.element(b.Accessory)
		if len(lines) == 0 {
			return []string{acc}
		}
		lines[0] += "   " + acc
	}
	return lines
}

// inline renders context or actions elements on one line.
func (n names) inline(raw []json.RawMessage) string {
	parts := make([]string, 0, len(raw))
	for _, r := range raw {
		var el rElement
		if json.Unmarshal(r, &el) != nil {
			continue
		}
		if s := n.element(&el); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "  ")
}

// element renders an element: text, image, button, select or input.
func (n names) element(el *rElement) string {
	if el == nil {
		return ""
	}
	switch el.Type {
	case "mrkdwn", "plain_text":
		return n.text(rText{Type: el.Type, Text: stringOf(el.Text)})
	case "image":
		return "[" + el.AltText + "]"
	case "button":
		return "[ " + n.textOf(el.Text) + " ]"
	case "overflow":
		return "[ ⋯ ]"
	case "datepicker":
		return "[ 📅 " + cmp.Or(el.InitialDate, titleText(el.Placeholder)) + " ]"
	case "plain_text_input", "number_input", "email_text_input", "url_text_input":
		return "[ " + cmp.Or(el.InitialValue, titleText(el.Placeholder), "…") + " ]"
	}
	if strings.HasSuffix(el.Type, "_select") {
		chosen := titleText(el.Placeholder)
		if el.InitialOption != nil {
			chosen = el.InitialOption.Text.Text
		}
		return "[ " + chosen + " ▾ ]"
	}
	return "[ " + el.Type + " ]"
}

// text renders a text object.
func (n names) text(t rText) string {
	if t.Type == "mrkdwn" {
		return n.plainMrkdwn(t.Text)
	}
	return t.Text
}

// textOf renders a text field that is an object or a bare mrkdwn string.
func (n names) textOf(raw json.RawMessage) string {
	var t rText
	if json.Unmarshal(raw, &t) == nil {
		return n.text(t)
	}
	return n.plainMrkdwn(stringOf(raw))
}

// columns lays out section fields two per row, as Slack shows them.
func columns(cols [][]string) []string {
	width := 0
	for i := 0; i < len(cols); i += 2 {
		for _, l := range cols[i] {
			width = max(width, utf8.RuneCountInString(l))
		}
	}
	var out []string
	for i := 0; i < len(cols); i += 2 {
		left, right := cols[i], []string(nil)
		if i+1 < len(cols) {
			right = cols[i+1]
		}
		for j := range max(len(left), len(right)) {
			l, r := at(left, j), at(right, j)
			if r == "" {
				out = append(out, l)
				continue
			}
			out = append(out, l+strings.Repeat(" ", width-utf8.RuneCountInString(l))+"   "+r)
		}
	}
	return out
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func stringOf(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

func titleText(t *rText) string {
	if t == nil {
		return ""
	}
	return t.Text
}

// buttonsOf lists the buttons in a blocks array.
func buttonsOf(raw json.RawMessage) []Button {
	var blocks []rBlock
	if json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	var out []Button
	add := func(blockID string, el *rElement) {
		if el != nil && el.Type == "button" {
			out = append(out, Button{ActionID: el.ActionID, BlockID: blockID,
				Text: names{}.textOf(el.Text), Value: el.Value, Style: stringOf(el.Style), URL: el.URL})
		}
	}
	for _, b := range blocks {
		add(b.BlockID, b.Accessory)
		if b.Type != "actions" {
			continue
		}
		for _, r := range b.Elements {
			var el rElement
			if json.Unmarshal(r, &el) == nil {
				add(b.BlockID, &el)
			}
		}
	}
	return out
}
