package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// people maps the testdrive's people to their Slack user IDs.
var people = map[string]string{"maria": standins.Maria, "sam": standins.Sam, "noor": standins.Noor}

// slash sends a slash command as person ("maria" or "sam") in the
// deploys channel; line is "/promote api v9.1.1 prod". It returns the
// envelope ID.
func (d *drive) slash(person, line string) (string, error) {
	id, ok := people[person]
	if !ok {
		return "", fmt.Errorf("unknown person %q (maria or sam)", person)
	}
	cmd, text, _ := strings.Cut(strings.TrimSpace(line), " ")
	if !strings.HasPrefix(cmd, "/") {
		return "", fmt.Errorf("%q is not a slash command", line)
	}
	return d.si.Slack.SlashCommand(slackfake.SlashCommand{Command: cmd, Text: strings.TrimSpace(text),
		UserID: id, UserName: person, ChannelID: standins.Channel, ChannelName: "deploys"}), nil
}

// click presses button b of message m as person.
func (d *drive) click(person string, m slackfake.Message, b slackfake.Button) string {
	return d.si.Slack.BlockAction(slackfake.BlockAction{UserID: people[person], UserName: person,
		ChannelID: m.Channel, MessageTS: m.TS, ActionID: b.ActionID, BlockID: b.BlockID, Value: b.Value})
}

// announcements returns the channel's top-level messages everyone sees,
// in order.
func (d *drive) announcements() []slackfake.Message {
	var out []slackfake.Message
	for _, m := range d.si.Slack.Messages(standins.Channel) {
		if m.ThreadTS == "" && m.VisibleTo == "" && !m.Deleted {
			out = append(out, m)
		}
	}
	return out
}

// message returns the channel message ts as it is now.
func (d *drive) message(ts string) slackfake.Message {
	m, _ := d.si.Slack.Message(standins.Channel, ts)
	return m
}

// button returns m's button with actionID.
func button(m slackfake.Message, actionID string) (slackfake.Button, bool) {
	for _, b := range m.Buttons {
		if b.ActionID == actionID {
			return b, true
		}
	}
	return slackfake.Button{}, false
}

// shows reports whether m's rendering (blocks, else text) contains s.
func shows(m slackfake.Message, s string) bool {
	return strings.Contains(slackfake.RenderBlocks(m.Blocks), s) || strings.Contains(m.Text, s)
}

// threadShows reports whether a reply under ts contains s.
func (d *drive) threadShows(ts, s string) bool {
	for _, r := range d.si.Slack.Thread(standins.Channel, ts) {
		if r.TS != ts && shows(r, s) {
			return true
		}
	}
	return false
}

// newAnnouncement waits for a top-level message after the first n and
// returns it.
func (d *drive) newAnnouncement(ctx context.Context, what string, n int, timeout time.Duration) (slackfake.Message, error) {
	var got slackfake.Message
	err := within(ctx, what, timeout, func() bool {
		if a := d.announcements(); len(a) > n {
			got = a[n]
			return true
		}
		return false
	})
	return got, err
}
