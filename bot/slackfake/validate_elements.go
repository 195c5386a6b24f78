package slackfake

import (
	"encoding/json"
	"fmt"
)

// Limits of elements and composition objects, from Slack's Block Kit
// reference (docs.slack.dev/reference/block-kit, checked 2026-12-04).
const (
	maxOverflowOptions = 5    // overflow: "an array of up to five option objects"
	maxSelectOptions   = 100  // static_select, multi_static_select: "Maximum number of options is 100"
	maxRadioOptions    = 10   // radio_buttons, checkboxes: "A maximum of 10 options are allowed"
	maxOptionText      = 75   // option text and description: 75 characters
	maxOptionValue     = 150  // option value: 150 characters
	maxPlaceholder     = 150  // select placeholder: plain_text, 150 characters
	maxConfirmTitle    = 100  // confirm title: plain_text, 100 characters
	maxConfirmText     = 300  // confirm text: 300 characters
	maxConfirmButton   = 30   // confirm's confirm and deny: plain_text, 30 characters
	maxModalText       = 24   // modal title, submit and close: plain_text, 24 characters
	maxPrivateMetadata = 3000 // view private_metadata: 3000 characters
)

// Element types each place takes (actions block reference: "buttons,
// select menus, overflow menus, or date pickers"; section block reference:
// the accessory is one of the compatible elements).
var (
	actionsElementTypes = setOf("button", "checkboxes", "datepicker", "datetimepicker", "overflow",
		"radio_buttons", "timepicker", "workflow_button", "rich_text_input",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select")
	accessoryElementTypes = setOf("button", "checkboxes", "datepicker", "image", "overflow",
		"radio_buttons", "timepicker", "workflow_button",
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// vText is a text object; Emoji and Verbatim are read to check they are
// only where Slack takes them.
type vText struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji"`
	Verbatim *bool  `json:"verbatim"`
}

// vElement is the part of an interactive or context element the
// validator reads.
type vElement struct {
	Type               string    `json:"type"`
	ActionID           string    `json:"action_id"`
	Text               *vText    `json:"text"`
	Value              string    `json:"value"`
	URL                string    `json:"url"`
	Style              string    `json:"style"`
	AccessibilityLabel string    `json:"accessibility_label"`
	Confirm            *vConfirm `json:"confirm"`
	Options            []vOption `json:"options"`
	Placeholder        *vText    `json:"placeholder"`
	ImageURL           *string   `json:"image_url"`
	AltText            *string   `json:"alt_text"`
}

// vConfirm is a confirmation dialog object.
type vConfirm struct {
	Title   *vText `json:"title"`
	Text    *vText `json:"text"`
	Confirm *vText `json:"confirm"`
	Deny    *vText `json:"deny"`
	Style   string `json:"style"`
}

// vOption is an option object.
type vOption struct {
	Text        *vText `json:"text"`
	Value       string `json:"value"`
	Description *vText `json:"description"`
	URL         string `json:"url"`
}

// element checks an interactive element whose type must be in allowed.
func (v *validator) element(ptr string, raw json.RawMessage, allowed map[string]bool) {
	var el vElement
	if json.Unmarshal(raw, &el) != nil {
		v.errorf(ptr, "must be an object")
		return
	}
	if !allowed[el.Type] {
		v.errorf(ptr+"/type", "unsupported type: %q", el.Type)
		return
	}
	// action_id is documented as "unique among all other action_ids in
	// the containing block"; checked across the whole message or view, as
	// Slack was seen to refuse it (see FIDELITY.md).
	v.uniqueID(ptr, "action_id", el.ActionID, v.actionIDs)
	if el.Confirm != nil {
		v.confirm(ptr+"/confirm", el.Confirm)
	}
	switch el.Type {
	case "button":
		v.button(ptr, el)
	case "overflow":
		v.options(ptr, el.Options, 1, maxOverflowOptions, true, true)
	case "static_select", "multi_static_select":
		v.options(ptr, el.Options, 1, maxSelectOptions, true, false)
	case "radio_buttons", "checkboxes":
		v.options(ptr, el.Options, 1, maxRadioOptions, false, false)
	case "image":
		v.image(ptr, el.ImageURL, el.AltText)
	}
	if el.Placeholder != nil {
		v.text(ptr+"/placeholder", el.Placeholder, maxPlaceholder, true)
	}
}

// button checks a button: plain_text text of up to 75 characters, a
// value of up to 2000, a url of up to 3000, style primary or danger.
func (v *validator) button(ptr string, el vElement) {
	v.text(ptr+"/text", el.Text, maxButtonText, true)
	v.maxLen(ptr+"/value", el.Value, maxButtonValue)
	v.maxLen(ptr+"/url", el.URL, maxURL)
	v.maxLen(ptr+"/accessibility_label", el.AccessibilityLabel, maxA11yLabel)
	v.style(ptr+"/style", el.Style)
}

// style checks a button or confirm style: absent, "primary" or "danger".
func (v *validator) style(ptr, s string) {
	if s != "" && s != "primary" && s != "danger" {
		v.errorf(ptr, "must be a valid enum value")
	}
}

// confirm checks a confirmation dialog: plain_text title (100), text
// (300), plain_text confirm and deny (30 each).
func (v *validator) confirm(ptr string, c *vConfirm) {
	v.text(ptr+"/title", c.Title, maxConfirmTitle, true)
	v.text(ptr+"/text", c.Text, maxConfirmText, false)
	v.text(ptr+"/confirm", c.Confirm, maxConfirmButton, true)
	v.text(ptr+"/deny", c.Deny, maxConfirmButton, true)
	v.style(ptr+"/style", c.Style)
}

// options checks an element's options: between minN and maxN of them,
// each with text of up to 75 characters (plain_text where plain), a
// value of up to 150 and, only where urlOK, a url of up to 3000.
func (v *validator) options(ptr string, opts []vOption, minN, maxN int, plain, urlOK bool) {
	v.countRange(ptr+"/options", len(opts), minN, maxN)
	for i, o := range opts {
		p := fmt.Sprintf("%s/options/%d", ptr, i)
		v.text(p+"/text", o.Text, maxOptionText, plain)
		v.maxLen(p+"/value", o.Value, maxOptionValue)
		if o.Description != nil {
			v.text(p+"/description", o.Description, maxOptionText, true)
		}
		if o.URL != "" && !urlOK {
			v.errorf(p+"/url", "url is only allowed in overflow menus")
		}
		v.maxLen(p+"/url", o.URL, maxURL)
	}
}

// text checks a text object: present, plain_text or mrkdwn (plain_text
// where plain), non-empty, at most maxLen characters, emoji only on
// plain_text and verbatim only on mrkdwn.
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
	if t == nil {
		return
	}
	if t.Emoji != nil && t.Type == "mrkdwn" {
		v.errorf(ptr+"/emoji", "emoji is only usable when type is plain_text")
	}
	if t.Verbatim != nil && t.Type == "plain_text" {
		v.errorf(ptr+"/verbatim", "verbatim is only usable when type is mrkdwn")
	}
}
