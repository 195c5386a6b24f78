package slackfake

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits Slack enforces, the ones a bot is likely to hit.
const (
	maxMessageBlocks = 50
	maxViewBlocks    = 100
	maxSectionText   = 3000
	maxSectionFields = 10
	maxFieldText     = 2000
	maxHeaderText    = 150
	maxContextElems  = 10
	maxActionElems   = 25
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxID            = 255
)

var knownBlockTypes = map[string]bool{
	"section": true, "header": true, "context": true, "actions": true, "divider": true,
	"image": true, "input": true, "rich_text": true, "markdown": true, "file": true,
	"video": true, "call": true,
}

// vBlock is the part of a block the validator reads.
type vBlock struct {
	Type      string            `json:"type"`
	BlockID   string            `json:"block_id"`
	Text      *vText            `json:"text"`
	Fields    []vText           `json:"fields"`
	Elements  []json.RawMessage `json:"elements"`
	Accessory *vElement         `json:"accessory"`
}

type vText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type vElement struct {
	Type     string `json:"type"`
	ActionID string `json:"action_id"`
	Text     *vText `json:"text"`
	Value    string `json:"value"`
}

// validator collects Slack-style "[ERROR] ... [json-pointer:...]" messages.
type validator struct {
	msgs      []string
	blockIDs  map[string]bool
	actionIDs map[string]bool
}

func (v *validator) errorf(ptr, format string, args ...any) {
	v.msgs = append(v.msgs, fmt.Sprintf("[ERROR] "+format+" [json-pointer:%s]", append(args, ptr)...))
}

// validateBlocks checks a blocks array against Slack's main limits. It
// returns the compacted array, or invalid_blocks_format for something that
// is not a JSON array and invalid_blocks (with response_metadata messages)
// for a limit broken.
func validateBlocks(raw []byte, maxBlocks int) (json.RawMessage, *apiError) {
	compact, ok := compactArray(raw)
	if !ok {
		return nil, errCode("invalid_blocks_format")
	}
	var blocks []vBlock
	if err := json.Unmarshal(compact, &blocks); err != nil {
		return nil, errCode("invalid_blocks_format")
	}
	v := &validator{blockIDs: map[string]bool{}, actionIDs: map[string]bool{}}
	if len(blocks) > maxBlocks {
		v.errorf("/blocks", "no more than %d items allowed", maxBlocks)
	}
	for i, b := range blocks {
		v.block(fmt.Sprintf("/blocks/%d", i), b)
	}
	if len(v.msgs) > 0 {
		return nil, &apiError{code: "invalid_blocks", messages: v.msgs}
	}
	return compact, nil
}

func (v *validator) block(ptr string, b vBlock) {
	if !knownBlockTypes[b.Type] {
		v.errorf(ptr+"/type", "unsupported type: %q", b.Type)
		return
	}
	if b.BlockID != "" {
		if v.blockIDs[b.BlockID] {
			v.errorf(ptr+"/block_id", "non-unique block_id %q", b.BlockID)
		}
		v.blockIDs[b.BlockID] = true
		v.maxLen(ptr+"/block_id", b.BlockID, maxID)
	}
	switch b.Type {
	case "section":
		v.section(ptr, b)
	case "header":
		v.text(ptr+"/text", b.Text, maxHeaderText, true)
	case "context":
		v.count(ptr+"/elements", len(b.Elements), maxContextElems)
	case "actions":
		v.count(ptr+"/elements", len(b.Elements), maxActionElems)
		for i, raw := range b.Elements {
			var el vElement
			_ = json.Unmarshal(raw, &el)
			v.element(fmt.Sprintf("%s/elements/%d", ptr, i), el)
		}
	}
}

func (v *validator) section(ptr string, b vBlock) {
	if b.Text == nil && len(b.Fields) == 0 {
		v.errorf(ptr, "must provide either text or fields")
	}
	if b.Text != nil {
		v.text(ptr+"/text", b.Text, maxSectionText, false)
	}
	if len(b.Fields) > maxSectionFields {
		v.errorf(ptr+"/fields", "no more than %d items allowed", maxSectionFields)
	}
	for i := range b.Fields {
		v.text(fmt.Sprintf("%s/fields/%d", ptr, i), &b.Fields[i], maxFieldText, false)
	}
	if b.Accessory != nil {
		v.element(ptr+"/accessory", *b.Accessory)
	}
}

func (v *validator) element(ptr string, el vElement) {
	if el.ActionID != "" {
		if v.actionIDs[el.ActionID] {
			v.errorf(ptr+"/action_id", "non-unique action_id %q", el.ActionID)
		}
		v.actionIDs[el.ActionID] = true
		v.maxLen(ptr+"/action_id", el.ActionID, maxID)
	}
	if el.Type == "button" {
		v.text(ptr+"/text", el.Text, maxButtonText, true)
		v.maxLen(ptr+"/value", el.Value, maxButtonValue)
	}
}

// text checks a text object: present, non-empty, short enough and, where
// Slack demands it, plain_text.
func (v *validator) text(ptr string, t *vText, maxLen int, plain bool) {
	switch {
	case t == nil:
		v.errorf(ptr, "missing required field: text")
	case t.Type != "plain_text" && (plain || t.Type != "mrkdwn"):
		v.errorf(ptr+"/type", "must be a valid enum value")
	case t.Text == "":
		v.errorf(ptr+"/text", "must be more than 0 characters")
	default:
		v.maxLen(ptr+"/text", t.Text, maxLen)
	}
}

func (v *validator) maxLen(ptr, s string, maxLen int) {
	if utf8.RuneCountInString(s) > maxLen {
		v.errorf(ptr, "must be less than %d characters", maxLen+1)
	}
}

func (v *validator) count(ptr string, n, maxN int) {
	if n == 0 {
		v.errorf(ptr, "must provide at least 1 item")
	}
	if n > maxN {
		v.errorf(ptr, "no more than %d items allowed", maxN)
	}
}
