package testdrive

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// People maps the testdrive's people to their Slack user IDs.
var People = map[string]string{"maria": standins.Maria, "sam": standins.Sam, "noor": standins.Noor}

// Slash sends a slash command as person ("maria" or "sam") in the
// deploys channel; line is "/promote api v9.1.1 prod". It returns the
// envelope ID.
func (d *Drive) Slash(person, line string) (string, error) {
	id, ok := People[person]
	if !ok {
		return "", fmt.Errorf("unknown person %q (maria or sam)", person)
	}
	cmd, text, _ := strings.Cut(strings.TrimSpace(line), " ")
	if !strings.HasPrefix(cmd, "/") {
		return "", fmt.Errorf("%q is not a slash command", line)
	}
	return d.SI.Slack.SlashCommand(slackfake.SlashCommand{Command: cmd, Text: strings.TrimSpace(text),
		UserID: id, UserName: person, ChannelID: standins.Channel, ChannelName: "deploys"}), nil
}

// Click presses button b of message m as person.
func (d *Drive) Click(person string, m slackfake.Message, b slackfake.Button) string {
	return d.SI.Slack.BlockAction(slackfake.BlockAction{UserID: People[person], UserName: person,
		ChannelID: m.Channel, MessageTS: m.TS, ActionID: b.ActionID, BlockID: b.BlockID, Value: b.Value})
}

// Announcements returns the channel's top-level messages everyone sees,
// in order.
func (d *Drive) Announcements() []slackfake.Message {
	var out []slackfake.Message
	for _, m := range d.SI.Slack.Messages(standins.Channel) {
		if m.ThreadTS == "" && m.VisibleTo == "" && !m.Deleted {
			out = append(out, m)
		}
	}
	return out
}

// Message returns the channel message ts as it is now.
func (d *Drive) Message(ts string) slackfake.Message {
	m, _ := d.SI.Slack.Message(standins.Channel, ts)
	return m
}

// Button returns m's button with actionID.
func Button(m slackfake.Message, actionID string) (slackfake.Button, bool) {
	for _, b := range m.Buttons {
		if b.ActionID == actionID {
			return b, true
		}
	}
	return slackfake.Button{}, false
}

// Shows reports whether m's rendering (blocks, else text) contains s.
func Shows(m slackfake.Message, s string) bool {
	return strings.Contains(slackfake.RenderBlocks(m.Blocks), s) || strings.Contains(m.Text, s)
}

// ThreadShows reports whether a reply under ts contains s.
func (d *Drive) ThreadShows(ts, s string) bool {
	for _, r := range d.SI.Slack.Thread(standins.Channel, ts) {
		if r.TS != ts && Shows(r, s) {
			return true
		}
	}
	return false
}

// NewAnnouncement waits for a top-level message after the first n and
// returns it.
func (d *Drive) NewAnnouncement(ctx context.Context, what string, n int, timeout time.Duration) (slackfake.Message, error) {
	var got slackfake.Message
	err := Within(ctx, what, timeout, func() bool {
		if a := d.Announcements(); len(a) > n {
			got = a[n]
			return true
		}
		return false
	})
	return got, err
}
