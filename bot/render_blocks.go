package bot

import (
	"github.com/slack-go/slack"
)

// Small constructors for the blocks every message uses.

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func header(s string) slack.Block { return slack.NewHeaderBlock(plain(s)) }

func section(s string) slack.Block { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

func contextLine(s string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(s))
}

// fieldsBlock is a section of "*Label*\nvalue" fields; nil when empty.
// Slack allows ten fields per section.
func fieldsBlock(fields []field) slack.Block {
	var objs []*slack.TextBlockObject
	for _, f := range fields {
		if f.value != "" && len(objs) < 10 {
			objs = append(objs, mrkdwn("*"+f.label+"*\n"+f.value))
		}
	}
	if len(objs) == 0 {
		return nil
	}
	return slack.NewSectionBlock(nil, objs, nil)
}

// field is one labelled value of an announcement.
type field struct{ label, value string }

// button returns a button; style is "", "primary" or "danger".
func button(actionID, value, text, style string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, plain(text))
	b.Style = slack.Style(style)
	return b
}

// actions is an actions block of buttons; nil when there are none.
func actions(blockID string, buttons ...*slack.ButtonBlockElement) slack.Block {
	var els []slack.BlockElement
	for _, b := range buttons {
		if b != nil {
			els = append(els, b)
		}
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock(blockID, els...)
}

// blocks drops the nil entries of bs.
func blocks(bs ...slack.Block) []slack.Block {
	out := make([]slack.Block, 0, len(bs))
	for _, b := range bs {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}
