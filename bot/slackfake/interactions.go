package slackfake

// BlockAction is a person clicking a button, on a message (ChannelID and
// MessageTS, ephemeral messages included) or in a view (ViewID). Empty
// BlockID and Value are taken from the button with ActionID in the
// recorded message or view, so clicking needs only ActionID; TeamID
// defaults to the server's and TriggerID to a fresh one.
type BlockAction struct {
	UserID, UserName     string
	TeamID               string
	ChannelID, MessageTS string
	ViewID               string
	ActionID, BlockID    string
	Value                string
	TriggerID            string
}

// BlockAction sends an interactive envelope whose payload is a block_actions
// slack.InteractionCallback: user{id, username, name, team_id}, team,
// container, channel, the message as it is now (not for ephemeral ones),
// actions[0]{type "button", action_id, block_id, value, text, action_ts},
// trigger_id and a response_url served by the server. It returns the
// envelope_id.
func (s *Server) BlockAction(a BlockAction) (envelopeID string) {
	s.mu.Lock()
	s.ensurePersonLocked(a.UserID, a.UserName, a.ChannelID, "")
	a.TeamID = s.teamIDOr(a.TeamID)
	a.TriggerID = s.issueTriggerLocked(a.TriggerID, a.UserID)
	env := s.newEnvelopeLocked("interactive", s.blockActionPayloadLocked(a), false)
	s.mu.Unlock()
	s.deliver(env)
	return env.id
}

func (s *Server) blockActionPayloadLocked(a BlockAction) map[string]any {
	btn := s.findButtonLocked(a)
	if a.BlockID == "" {
		a.BlockID = btn.BlockID
	}
	if a.Value == "" {
		a.Value = btn.Value
	}
	if a.BlockID == "" {
		a.BlockID = "fake-block" // slack-go needs a block_id to see a block action
	}
	action := map[string]any{"type": "button", "action_id": a.ActionID, "block_id": a.BlockID,
		"value": a.Value, "action_ts": tsOf(s.now()),
		"text": map[string]any{"type": "plain_text", "text": btn.Text, "emoji": true}}
	if btn.Style != "" {
		action["style"] = btn.Style
	}
	p := map[string]any{"type": "block_actions", "token": verificationToken,
		"api_app_id": s.opts.AppID, "trigger_id": a.TriggerID,
		"user":       s.wireUserLocked(a.UserID, a.TeamID),
		"team":       map[string]any{"id": a.TeamID, "domain": s.opts.TeamDomain},
		"enterprise": nil, "is_enterprise_install": false,
		"state": map[string]any{"values": map[string]any{}}, "actions": []any{action}}
	if a.ViewID != "" {
		s.addViewContainerLocked(p, a.ViewID)
	} else {
		s.addMessageContainerLocked(p, a)
	}
	return p
}

// findButtonLocked returns the button a click names; zero when unknown.
func (s *Server) findButtonLocked(a BlockAction) Button {
	var buttons []Button
	if a.ViewID != "" {
		if it := s.viewLocked(a.ViewID); it != nil {
			buttons = buttonsOf(it.v.Blocks)
		}
	} else if it, ok := s.rec.byKey[msgKey(a.ChannelID, a.MessageTS)]; ok {
		buttons = it.cur.Buttons
	}
	for _, b := range buttons {
		if b.ActionID == a.ActionID && (a.BlockID == "" || b.BlockID == a.BlockID) {
			return b
		}
	}
	return Button{}
}

func (s *Server) addViewContainerLocked(p map[string]any, viewID string) {
	p["container"] = map[string]any{"type": "view", "view_id": viewID}
	if it := s.viewLocked(viewID); it != nil {
		p["view"] = s.wireViewLocked(it.v)
	}
}

func (s *Server) addMessageContainerLocked(p map[string]any, a BlockAction) {
	it, found := s.rec.byKey[msgKey(a.ChannelID, a.MessageTS)]
	ephemeral := found && it.cur.VisibleTo != ""
	container := map[string]any{"type": "message", "message_ts": a.MessageTS,
		"channel_id": a.ChannelID, "is_ephemeral": ephemeral}
	if found && it.cur.ThreadTS != "" {
		container["thread_ts"] = it.cur.ThreadTS
	}
	p["container"] = container
	p["channel"] = map[string]any{"id": a.ChannelID, "name": s.channelNameLocked(a.ChannelID)}
	if found && !ephemeral {
		p["message"] = s.wireMessageLocked(it.cur, true)
	}
	p["response_url"] = s.responseURL(s.newResponderLocked(a.UserID, a.ChannelID, a.MessageTS, ephemeral))
}

// ViewSubmission is a person submitting a modal. With ViewID naming a modal
// the bot opened, its callback_id, private_metadata and blocks are sent
// back; CallbackID and PrivateMetadata override them. Values is the input
// state: block_id -> action_id -> value.
type ViewSubmission struct {
	UserID, UserName            string
	TeamID                      string
	ViewID                      string
	CallbackID, PrivateMetadata string
	Values                      map[string]map[string]InputValue
	TriggerID                   string
}

// InputValue is what a person entered in one input element.
type InputValue struct {
	// Type is the element type: "plain_text_input" (default),
	// "static_select", "radio_buttons", "users_select",
	// "conversations_select", "channels_select" or "datepicker".
	Type string
	// Value is the text typed, or the chosen option's value, user, channel or
	// date.
	Value string
}

// ViewSubmission sends an interactive envelope whose payload is a
// view_submission slack.InteractionCallback, and returns its envelope_id.
// The ack payload (response_action errors, update, clear) is recorded in
// [Ack.Payload].
func (s *Server) ViewSubmission(v ViewSubmission) (envelopeID string) {
	s.mu.Lock()
	s.ensurePersonLocked(v.UserID, v.UserName, "", "")
	v.TeamID = s.teamIDOr(v.TeamID)
	v.TriggerID = s.issueTriggerLocked(v.TriggerID, v.UserID)
	p := map[string]any{"type": "view_submission", "token": verificationToken,
		"api_app_id": s.opts.AppID, "trigger_id": v.TriggerID,
		"user":       s.wireUserLocked(v.UserID, v.TeamID),
		"team":       map[string]any{"id": v.TeamID, "domain": s.opts.TeamDomain},
		"enterprise": nil, "is_enterprise_install": false, "response_urls": []any{},
		"view": s.submittedViewLocked(v)}
	env := s.newEnvelopeLocked("interactive", p, true)
	s.mu.Unlock()
	s.deliver(env)
	return env.id
}

// submittedViewLocked is the view object of a submission.
func (s *Server) submittedViewLocked(v ViewSubmission) map[string]any {
	w := map[string]any{"id": v.ViewID, "type": "modal", "blocks": []any{},
		"team_id": s.opts.TeamID, "app_id": s.opts.AppID, "bot_id": s.opts.BotID}
	if it := s.viewLocked(v.ViewID); it != nil {
		w = s.wireViewLocked(it.v)
	}
	if v.CallbackID != "" {
		w["callback_id"] = v.CallbackID
	}
	if v.PrivateMetadata != "" {
		w["private_metadata"] = v.PrivateMetadata
	}
	values := map[string]any{}
	for block, actions := range v.Values {
		m := map[string]any{}
		for action, iv := range actions {
			m[action] = iv.wire()
		}
		values[block] = m
	}
	w["state"] = map[string]any{"values": values}
	return w
}

// wire renders an input value as Slack's state.values entry.
func (iv InputValue) wire() map[string]any {
	t := iv.Type
	if t == "" {
		t = "plain_text_input"
	}
	w := map[string]any{"type": t}
	switch t {
	case "static_select", "radio_buttons", "external_select":
		w["selected_option"] = map[string]any{"value": iv.Value,
			"text": map[string]any{"type": "plain_text", "text": iv.Value}}
	case "users_select":
		w["selected_user"] = iv.Value
	case "conversations_select":
		w["selected_conversation"] = iv.Value
	case "channels_select":
		w["selected_channel"] = iv.Value
	case "datepicker":
		w["selected_date"] = iv.Value
	default:
		w["value"] = iv.Value
	}
	return w
}
