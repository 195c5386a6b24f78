package slackfake

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// postMessageLocked answers chat.postMessage.
func (s *Server) postMessageLocked(r *apiRequest) (apiResult, *apiError) {
	ch, ok := s.resolveChannelLocked(r.get("channel"))
	if !ok {
		return nil, errCode("channel_not_found")
	}
	if e := s.checkMemberLocked(ch, true); e != nil {
		return nil, e
	}
	e, apiErr := s.messageEdit(r)
	if apiErr != nil {
		return nil, apiErr
	}
	meta, warning, apiErr := parseMetadata(r)
	if apiErr != nil {
		return nil, apiErr
	}
	m := Message{Channel: ch.ID, TS: s.nextTSLocked(), Via: "chat.postMessage", Metadata: meta}
	m.ThreadTS = s.threadParentLocked(ch.ID, r.get("thread_ts"))
	m.Broadcast = m.ThreadTS != "" && isTrue(r.get("reply_broadcast"))
	applyNew(&m, e)
	s.warnNoFallback(r.method, m)
	it := s.addMessageLocked(m)
	return withWarning(apiResult{"channel": ch.ID, "ts": m.TS, "message": s.wireMessageLocked(it.cur, true)}, warning), nil
}

// updateMessageLocked answers chat.update: blocks or attachments left out
// are kept, an empty array removes them, as in Slack.
func (s *Server) updateMessageLocked(r *apiRequest) (apiResult, *apiError) {
	ch, ok := s.resolveChannelLocked(r.get("channel"))
	if !ok {
		return nil, errCode("channel_not_found")
	}
	it, ok := s.rec.byKey[msgKey(ch.ID, r.get("ts"))]
	if !ok || it.cur.Deleted || it.cur.VisibleTo != "" {
		return nil, errCode("message_not_found")
	}
	e, apiErr := s.messageEdit(r)
	if apiErr != nil {
		return nil, apiErr
	}
	meta, warning, apiErr := parseMetadata(r)
	if apiErr != nil {
		return nil, apiErr
	}
	e.metadata = meta
	s.editLocked(it, e)
	s.warnNoFallback(r.method, it.cur)
	return withWarning(apiResult{"channel": ch.ID, "ts": it.cur.TS, "text": it.cur.Text,
		"message": s.wireMessageLocked(it.cur, true)}, warning), nil
}

// postEphemeralLocked answers chat.postEphemeral.
func (s *Server) postEphemeralLocked(r *apiRequest) (apiResult, *apiError) {
	ch, ok := s.resolveChannelLocked(r.get("channel"))
	if !ok {
		return nil, errCode("channel_not_found")
	}
	user := r.get("user")
	if user == "" {
		return nil, errCode("invalid_arguments")
	}
	e, apiErr := s.messageEdit(r)
	if apiErr != nil {
		return nil, apiErr
	}
	m := Message{Channel: ch.ID, TS: s.nextTSLocked(), VisibleTo: user, Via: "chat.postEphemeral"}
	m.ThreadTS = s.threadParentLocked(ch.ID, r.get("thread_ts"))
	applyNew(&m, e)
	s.addMessageLocked(m)
	return apiResult{"message_ts": m.TS}, nil
}

// messageEdit reads the text, blocks and attachments of a message that
// chat.postMessage, chat.update or chat.postEphemeral sends, as Slack
// reads them: text it would cut is logged, and a message with nothing to
// show is no_text.
func (s *Server) messageEdit(r *apiRequest) (edit, *apiError) {
	e, apiErr := parseEdit(r, maxMessageBlocks)
	if apiErr != nil {
		return edit{}, apiErr
	}
	s.warnTruncated(r.method, e)
	if e.empty() {
		return edit{}, errCode("no_text")
	}
	return e, nil
}

// threadParentLocked returns the ts of the thread a reply to ts belongs
// to: ts itself for a top-level message, its parent for a reply. Like
// Slack, an unknown ts posts to the channel instead (logged as a warning).
func (s *Server) threadParentLocked(channel, ts string) string {
	if ts == "" {
		return ""
	}
	it, ok := s.rec.byKey[msgKey(channel, ts)]
	if !ok || it.cur.VisibleTo != "" {
		s.logger.Warn("thread_ts names no message; posted to the channel instead",
			"channel", channel, "thread_ts", ts)
		return ""
	}
	if it.cur.ThreadTS != "" {
		return it.cur.ThreadTS
	}
	return ts
}

// maxMessageText is where Slack cuts a message's text: "Slack will
// truncate messages containing more than 40,000 characters"
// (chat.postMessage reference, docs.slack.dev/reference/methods/
// chat.postMessage, checked 2026-12-04). It does not refuse them.
const maxMessageText = 40000

// truncateText cuts s to maxMessageText characters, as Slack does; cut is
// how many characters were dropped.
func truncateText(s string) (string, int) {
	n := utf8.RuneCountInString(s)
	if n <= maxMessageText {
		return s, 0
	}
	return string([]rune(s)[:maxMessageText]), n - maxMessageText
}

// warnTruncated logs text Slack would have cut.
func (s *Server) warnTruncated(method string, e edit) {
	if e.truncated > 0 {
		s.logger.Warn("message text over 40,000 characters; truncated as Slack does",
			"method", method, "dropped", e.truncated)
	}
}

// isTrue reads a boolean parameter as Slack does: "true" or "1".
func isTrue(v string) bool { return v == "true" || v == "1" }

// warnNoFallback logs a message with blocks but no fallback text: Slack
// accepts it, but notifications then read poorly.
func (s *Server) warnNoFallback(method string, m Message) {
	if m.Blocks != nil && strings.TrimSpace(m.Text) == "" {
		s.logger.Warn("message has blocks but no fallback text", "method", method,
			"channel", m.Channel, "ts", m.TS)
	}
}

// parseEdit reads text, blocks and attachments, validating the blocks.
func parseEdit(r *apiRequest, maxBlocks int) (edit, *apiError) {
	var e edit
	if r.has("text") {
		t, cut := truncateText(r.get("text"))
		e.text, e.truncated = &t, cut
	}
	if b := r.get("blocks"); b != "" {
		v, apiErr := validateBlocks([]byte(b), maxBlocks)
		if apiErr != nil {
			return e, apiErr
		}
		e.blocks = v
	}
	if a := r.get("attachments"); a != "" {
		v, ok := compactArray([]byte(a))
		if !ok {
			return e, errCode("invalid_attachments")
		}
		e.attachments = v
	}
	return e, nil
}

// empty reports whether the edit carries nothing to show.
func (e edit) empty() bool {
	return (e.text == nil || *e.text == "") && nilIfEmptyArray(e.blocks) == nil &&
		nilIfEmptyArray(e.attachments) == nil
}

// applyNew fills a new message from an edit.
func applyNew(m *Message, e edit) {
	if e.text != nil {
		m.Text = *e.text
	}
	m.Blocks = nilIfEmptyArray(e.blocks)
	m.Attachments = nilIfEmptyArray(e.attachments)
}

// compactArray returns b compacted when it is a JSON array.
func compactArray(b []byte) (json.RawMessage, bool) {
	var arr []json.RawMessage
	if json.Unmarshal(b, &arr) != nil || arr == nil {
		return nil, false
	}
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// wireMessageLocked renders m the way Slack returns a message object,
// with its metadata when withMetadata (conversations.history and
// conversations.replies leave it out unless include_all_metadata).
func (s *Server) wireMessageLocked(m Message, withMetadata bool) map[string]any {
	w := map[string]any{"type": "message", "user": m.User, "bot_id": s.opts.BotID,
		"app_id": s.opts.AppID, "team": s.opts.TeamID, "text": m.Text, "ts": m.TS}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.Broadcast {
		w["subtype"] = "thread_broadcast"
	}
	if withMetadata && m.Metadata != nil {
		w["metadata"] = m.Metadata
	}
	if m.Blocks != nil {
		w["blocks"] = m.Blocks
	}
	if m.Attachments != nil {
		w["attachments"] = m.Attachments
	}
	if m.Updates > 0 {
		w["edited"] = map[string]any{"user": m.User, "ts": tsOf(m.EditedAt)}
	}
	return w
}
