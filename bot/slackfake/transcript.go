package slackfake

import (
	"encoding/json"
	"slices"
	"strings"
)

const (
	bodyIndent  = "  "
	replyHead   = "    ↳ "
	replyIndent = "      "
)

// Transcript renders every channel, then the modals and App Home tabs, as a
// person reads them: each message under a "15:04 author" line (UTC, by
// Options.Clock) with "(edited)" after an edit, Block Kit as [RenderBlocks]
// draws it, thread replies indented under their parent, and ephemeral
// messages marked "(only visible to @user)". Mentions show by name for
// users, channels and groups the server knows.
func (s *Server) Transcript() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var parts []string
	for _, ch := range s.channelOrderLocked() {
		parts = append(parts, s.channelTranscriptLocked(ch))
	}
	for _, it := range s.rec.views {
		parts = append(parts, s.viewTranscriptLocked(it.v))
	}
	return strings.Join(parts, "\n")
}

// ChannelTranscript renders one channel as [Server.Transcript] does; empty
// when nothing was posted there.
func (s *Server) ChannelTranscript(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.channelOrderLocked(), channel) {
		return ""
	}
	return s.channelTranscriptLocked(channel)
}

// channelOrderLocked lists channels in the order of their first message.
func (s *Server) channelOrderLocked() []string {
	var order []string
	for _, it := range s.rec.items {
		if !slices.Contains(order, it.cur.Channel) {
			order = append(order, it.cur.Channel)
		}
	}
	return order
}

func (s *Server) channelTranscriptLocked(channel string) string {
	var b strings.Builder
	title := "#" + s.channelNameLocked(channel)
	b.WriteString(title + "\n" + strings.Repeat("═", len([]rune(title))) + "\n")
	first := true
	for _, it := range s.rec.items {
		m := it.cur
		if m.Channel != channel || m.ThreadTS != "" {
			continue
		}
		replies := s.repliesLocked(channel, m.TS)
		if m.Deleted && len(replies) == 0 {
			continue
		}
		if !first {
			b.WriteString("\n")
		}
		first = false
		s.writeMessageLocked(&b, m, "", bodyIndent)
		for _, r := range replies {
			s.writeMessageLocked(&b, r, replyHead, replyIndent)
		}
	}
	return b.String()
}

func (s *Server) repliesLocked(channel, ts string) []Message {
	var out []Message
	for _, it := range s.rec.items {
		if it.cur.Channel == channel && it.cur.ThreadTS == ts && !it.cur.Deleted {
			out = append(out, it.cur)
		}
	}
	return out
}

// writeMessageLocked writes a message's author line and indented body.
func (s *Server) writeMessageLocked(b *strings.Builder, m Message, head, indent string) {
	line := head + m.PostedAt.UTC().Format("15:04") + " " + s.userNameLocked(m.User)
	if m.VisibleTo != "" {
		line += "  (only visible to @" + s.userNameLocked(m.VisibleTo) + ")"
	}
	if m.Updates > 0 {
		line += "  (edited)"
	}
	b.WriteString(line + "\n")
	body := s.messageBodyLocked(m)
	for _, l := range splitLines(body) {
		b.WriteString(strings.TrimRight(indent+l, " ") + "\n")
	}
}

// messageBodyLocked renders what a message shows: its blocks (or its text
// when it has none) and its attachments.
func (s *Server) messageBodyLocked(m Message) string {
	n := s.namesLocked()
	if m.Deleted {
		return "(This message was deleted.)"
	}
	body := n.plainMrkdwn(m.Text)
	if m.Blocks != nil {
		body = n.renderBlocks(m.Blocks)
	}
	if att := n.renderAttachments(m.Attachments); att != "" {
		body = strings.TrimLeft(body+"\n"+att, "\n")
	}
	return body
}

func (s *Server) viewTranscriptLocked(v View) string {
	var head string
	if v.Type == "home" {
		head = "App Home of @" + s.userNameLocked(v.User)
	} else {
		head = "Modal for @" + s.userNameLocked(v.User) + ": " + v.Title
	}
	var b strings.Builder
	b.WriteString(head + "\n" + strings.Repeat("═", len([]rune(head))) + "\n")
	for _, l := range splitLines(s.namesLocked().renderBlocks(v.Blocks)) {
		b.WriteString(strings.TrimRight(bodyIndent+l, " ") + "\n")
	}
	return b.String()
}

// namesLocked resolves mentions through the directory.
func (s *Server) namesLocked() names {
	return names{user: s.userNameLocked, group: s.groupHandleLocked, channel: s.channelNameLocked}
}

// rAttachment is the part of a legacy attachment the renderer reads.
type rAttachment struct {
	Pretext, Title, Text, Footer, Fallback string
	Fields                                 []struct{ Title, Value string }
	Blocks                                 json.RawMessage
}

// renderAttachments renders legacy attachments behind a "▌" bar.
func (n names) renderAttachments(raw json.RawMessage) string {
	var atts []rAttachment
	if len(raw) == 0 || json.Unmarshal(raw, &atts) != nil {
		return ""
	}
	var lines []string
	for _, a := range atts {
		if a.Pretext != "" {
			lines = append(lines, splitLines(n.plainMrkdwn(a.Pretext))...)
		}
		var body []string
		for _, t := range []string{a.Title, a.Text} {
			if t != "" {
				body = append(body, splitLines(n.plainMrkdwn(t))...)
			}
		}
		for _, f := range a.Fields {
			body = append(body, f.Title+": "+n.plainMrkdwn(f.Value))
		}
		if r := n.renderBlocks(a.Blocks); r != "" {
			body = append(body, splitLines(r)...)
		}
		if a.Footer != "" {
			body = append(body, a.Footer)
		}
		for _, l := range body {
			lines = append(lines, "▌ "+l)
		}
	}
	return strings.Join(lines, "\n")
}
