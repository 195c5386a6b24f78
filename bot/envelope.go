package bot

import (
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Job kinds.
const (
	jobCommand = "slack.command"
	jobAction  = "slack.action"
)

// envelope is the part of a Socket Mode envelope the bot acts on.
type envelope struct {
	ID   string
	Kind string
	Work work
	// ack acknowledges the envelope to Slack; nil in tests that call
	// accept directly.
	ack func()
}

// work is a job's payload: who asked what, where.
type work struct {
	Command   string `json:"command,omitempty"`
	Text      string `json:"text,omitempty"`
	ActionID  string `json:"actionID,omitempty"`
	Value     string `json:"value,omitempty"`
	User      string `json:"user"`
	Team      string `json:"team,omitempty"`
	Channel   string `json:"channel"`
	MessageTS string `json:"messageTS,omitempty"`
	// PromotionID and Answer are recorded once the engine has answered,
	// so a replay after a restart repeats that answer instead of asking
	// the engine again.
	PromotionID string `json:"promotionID,omitempty"`
	Answer      string `json:"answer,omitempty"`
}

// replyTo is where answers to w go.
func (w work) replyTo() replyTo { return replyTo{Channel: w.Channel, User: w.User} }

// envelopeOf extracts a slash command or a button click; ok is false for
// anything else (view submissions, other interactions).
func envelopeOf(evt socketmode.Event) (envelope, bool) {
	id := ""
	if evt.Request != nil {
		id = evt.Request.EnvelopeID
	}
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		return envelope{ID: id, Kind: jobCommand, Work: work{Command: d.Command, Text: d.Text,
			User: d.UserID, Team: d.TeamID, Channel: d.ChannelID}}, id != ""
	case slack.InteractionCallback:
		if d.Type != slack.InteractionTypeBlockActions || len(d.ActionCallback.BlockActions) == 0 {
			return envelope{}, false
		}
		a := d.ActionCallback.BlockActions[0]
		ch := d.Channel.ID
		if ch == "" {
			ch = d.Container.ChannelID
		}
		return envelope{ID: id, Kind: jobAction, Work: work{ActionID: a.ActionID, Value: a.Value,
			User: d.User.ID, Team: d.User.TeamID, Channel: ch, MessageTS: d.Container.MessageTs}}, id != ""
	}
	return envelope{}, false
}
