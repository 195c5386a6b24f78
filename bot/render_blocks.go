package bot

import (
	"github.com/slack-go/slack"
)

// Small constructors for the blocks every message uses. Each clips its
// text to Slack's Block Kit limit (see render_alert.go), so that no
// name, version, reason or list however long makes Slack refuse the
// message with invalid_blocks.

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func header(s string) slack.Block { return slack.NewHeaderBlock(plain(clip(s, maxHeaderText))) }

func section(s string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(clip(s, maxSectionText)), nil, nil)
}

func contextLine(s string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(clip(s, maxTextObject)))
}

// fieldsBlock is a section of "*Label*\nvalue" fields, each clipped to
// Slack's 2000 characters; nil when empty. Slack allows ten fields per
// section.
func fieldsBlock(fields []field) slack.Block {
	var objs []*slack.TextBlockObject
	for _, f := range fields {
		if f.value != "" && len(objs) < maxSectionFields {
			objs = append(objs, mrkdwn(clip("*"+f.label+"*\n"+f.value, maxFieldText)))
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
	b := slack.NewButtonBlockElement(actionID, value, plain(clip(text, maxButtonText)))
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
