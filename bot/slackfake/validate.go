package slackfake

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits Slack enforces, each from Slack's Block Kit reference
// (docs.slack.dev/reference/block-kit, checked 2026-12-04; see FIDELITY.md).
const (
	maxMessageBlocks = 50   // chat.postMessage: "a maximum of 50 blocks"
	maxViewBlocks    = 100  // modal and Home views: "Max of 100 blocks"
	maxTextObject    = 3000 // text object: "maximum length is 3000 characters"
	maxSectionText   = 3000 // section block text
	maxSectionFields = 10   // section block: "Maximum number of items is 10"
	maxFieldText     = 2000 // section block fields: "Maximum length for the text in each item is 2000"
	maxHeaderText    = 150  // header block: plain_text, "Maximum length ... is 150 characters"
	maxContextElems  = 10   // context block: "Maximum number of items is 10"
	maxActionElems   = 25   // actions block: "a maximum of 25 elements"
	maxButtonText    = 75   // button text: plain_text, 75 characters
	maxButtonValue   = 2000 // button value: 2000 characters
	maxURL           = 3000 // button url, option url, image_url: 3000 characters
	maxID            = 255  // action_id and block_id: 255 characters
	maxAltText       = 2000 // image alt_text: 2000 characters
	maxImageTitle    = 2000 // image block title: 2000 characters
	maxA11yLabel     = 75   // button accessibility_label: 75 characters
)

var knownBlockTypes = map[string]bool{
	"section": true, "header": true, "context": true, "actions": true, "divider": true,
	"image": true, "input": true, "rich_text": true, "markdown": true, "file": true,
	"video": true, "call": true, "context_actions": true, "table": true,
}

// vBlock is the part of a block the validator reads.
type vBlock struct {
	Type      string            `json:"type"`
	BlockID   string            `json:"block_id"`
	Text      *vText            `json:"text"`
	Fields    []vText           `json:"fields"`
	Elements  []json.RawMessage `json:"elements"`
	Accessory json.RawMessage   `json:"accessory"`
	ImageURL  *string           `json:"image_url"`
	AltText   *string           `json:"alt_text"`
	Title     *vText            `json:"title"`
}

// validator collects Slack-style "[ERROR] ... [json-pointer:...]" messages.
// Its ID sets span one message or view.
type validator struct {
	msgs      []string
	blockIDs  map[string]bool
	actionIDs map[string]bool
}

func newValidator() *validator {
	return &validator{blockIDs: map[string]bool{}, actionIDs: map[string]bool{}}
}

func (v *validator) errorf(ptr, format string, args ...any) {
	v.msgs = append(v.msgs, fmt.Sprintf("[ERROR] "+format+" [json-pointer:%s]", append(args, ptr)...))
}

// validateBlocks checks a message's blocks array against Slack's limits.
// It returns the compacted array, or invalid_blocks_format for something
// that is not a JSON array of blocks and invalid_blocks (with
// response_metadata messages) for a rule broken.
func validateBlocks(raw []byte, maxBlocks int) (json.RawMessage, *apiError) {
	compact, blocks, apiErr := parseBlocks(raw)
	if apiErr != nil {
		return nil, apiErr
	}
	v := newValidator()
	v.blocks("/blocks", blocks, maxBlocks)
	if len(v.msgs) > 0 {
		return nil, &apiError{code: "invalid_blocks", messages: v.msgs}
	}
	return compact, nil
}

// parseBlocks compacts raw and reads it as blocks.
func parseBlocks(raw []byte) (json.RawMessage, []vBlock, *apiError) {
	compact, ok := compactArray(raw)
	if !ok {
		return nil, nil, errCode("invalid_blocks_format")
	}
	var blocks []vBlock
	if err := json.Unmarshal(compact, &blocks); err != nil {
		return nil, nil, errCode("invalid_blocks_format")
	}
	return compact, blocks, nil
}

// blocks checks an array of blocks at ptr.
func (v *validator) blocks(ptr string, blocks []vBlock, maxBlocks int) {
	if len(blocks) > maxBlocks {
		v.errorf(ptr, "no more than %d items allowed", maxBlocks)
	}
	for i, b := range blocks {
		v.block(fmt.Sprintf("%s/%d", ptr, i), b)
	}
}

// uniqueID checks the optional ID field (block_id, action_id) of the
// object at ptr: unique among the IDs seen so far, and at most maxID
// long.
func (v *validator) uniqueID(ptr, field, id string, seen map[string]bool) {
	if id == "" {
		return
	}
	if seen[id] {
		v.errorf(ptr+"/"+field, "non-unique %s %q", field, id)
	}
	seen[id] = true
	v.maxLen(ptr+"/"+field, id, maxID)
}

func (v *validator) block(ptr string, b vBlock) {
	if !knownBlockTypes[b.Type] {
		v.errorf(ptr+"/type", "unsupported type: %q", b.Type)
		return
	}
	// block_id: "should be unique for each message and each iteration of
	// a message"; in a view, unique across the view.
	v.uniqueID(ptr, "block_id", b.BlockID, v.blockIDs)
	switch b.Type {
	case "section":
		v.section(ptr, b)
	case "header":
		v.text(ptr+"/text", b.Text, maxHeaderText, true)
	case "context":
		v.context(ptr, b)
	case "actions":
		v.count(ptr+"/elements", len(b.Elements), maxActionElems)
		for i, raw := range b.Elements {
			v.element(fmt.Sprintf("%s/elements/%d", ptr, i), raw, actionsElementTypes)
		}
	case "image":
		v.image(ptr, b.ImageURL, b.AltText)
		if b.Title != nil {
			v.text(ptr+"/title", b.Title, maxImageTitle, true)
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
	if len(b.Accessory) > 0 && string(b.Accessory) != "null" {
		v.element(ptr+"/accessory", b.Accessory, accessoryElementTypes)
	}
}

// context checks a context block: 1 to 10 elements, each an image or a
// text object of up to 3000 characters.
func (v *validator) context(ptr string, b vBlock) {
	v.count(ptr+"/elements", len(b.Elements), maxContextElems)
	for i, raw := range b.Elements {
		p := fmt.Sprintf("%s/elements/%d", ptr, i)
		var kind struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(raw, &kind) != nil {
			v.errorf(p, "must be an object")
			continue
		}
		switch kind.Type {
		case "plain_text", "mrkdwn":
			var t vText
			if json.Unmarshal(raw, &t) != nil {
				v.errorf(p, "must be a text object")
				continue
			}
			v.text(p, &t, maxTextObject, false)
		case "image":
			var el vElement
			_ = json.Unmarshal(raw, &el)
			v.image(p, el.ImageURL, el.AltText)
		default:
			v.errorf(p+"/type", "must be a valid enum value")
		}
	}
}

// image checks an image block or element: an image_url of up to 3000
// characters and an alt_text of up to 2000.
func (v *validator) image(ptr string, url, alt *string) {
	if url == nil || *url == "" {
		v.errorf(ptr, "missing required field: image_url")
	} else {
		v.maxLen(ptr+"/image_url", *url, maxURL)
	}
	if alt == nil || *alt == "" {
		v.errorf(ptr, "missing required field: alt_text")
	} else {
		v.maxLen(ptr+"/alt_text", *alt, maxAltText)
	}
}

func (v *validator) maxLen(ptr, s string, maxLen int) {
	if utf8.RuneCountInString(s) > maxLen {
		v.errorf(ptr, "must be less than %d characters", maxLen+1)
	}
}

func (v *validator) count(ptr string, n, maxN int) {
	v.countRange(ptr, n, 1, maxN)
}

func (v *validator) countRange(ptr string, n, minN, maxN int) {
	if n < minN {
		v.errorf(ptr, "must provide at least %d item%s", minN, map[bool]string{true: "", false: "s"}[minN == 1])
	}
	if n > maxN {
		v.errorf(ptr, "no more than %d items allowed", maxN)
	}
}
