package slackfake

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Message is one message as a person sees it now: after every edit.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string // the parent's ts for a thread reply, else empty
	// Broadcast is true for a thread reply also sent to the channel
	// (chat.postMessage with reply_broadcast); Slack ignores the flag on a
	// message that is not a reply.
	Broadcast bool
	// User is the author: the bot's user ID for everything the bot posts.
	User string
	// VisibleTo is the only user who sees an ephemeral message; empty for a
	// message everyone in the channel sees.
	VisibleTo   string
	Text        string          // the fallback text
	Blocks      json.RawMessage // the Block Kit array as posted, or nil
	Attachments json.RawMessage // the legacy attachments array, or nil
	// Metadata is the message metadata ({"event_type", "event_payload"})
	// as posted or last updated, or nil.
	Metadata json.RawMessage
	// Buttons lists the message's buttons (actions blocks and section
	// accessories), to click with [Server.BlockAction].
	Buttons  []Button
	Updates  int // how many times it was edited
	PostedAt time.Time
	EditedAt time.Time // zero until edited
	Deleted  bool
	// Via is how it arrived: "chat.postMessage", "chat.postEphemeral",
	// "response_url" or "ack" (a slash command's ack payload).
	Via string
}

// Button is a button in a message or view.
type Button struct {
	ActionID, BlockID, Text, Value, Style, URL string
}

// Call is one Web API call (or response_url post) the server answered.
type Call struct {
	Method string // e.g. "chat.update"; "response_url" for response URLs
	At     time.Time
	Status int    // HTTP status: 200, or 429 when rate limited
	Error  string // Slack's error code for ok:false, else empty
	// Channel and TS are the call's channel and ts parameters, if any.
	Channel, TS string
}

// item is a recorded message with its history; guarded by Server.mu.
type item struct {
	seq       int
	cur       Message
	revisions []Message
}

// recorder holds what the server recorded; guarded by Server.mu.
type recorder struct {
	items  []*item
	byKey  map[string]*item // channel + "/" + ts
	calls  []Call
	views  []*viewItem
	lastTS int64 // microseconds
	nseq   int   // last item sequence, shared by messages and views
}

func (r *recorder) init() { r.byKey = map[string]*item{} }

func msgKey(channel, ts string) string { return channel + "/" + ts }

// nextTSLocked returns a new message timestamp, "1700000000.000100" style,
// strictly increasing even when the clock stands still.
func (s *Server) nextTSLocked() string {
	us := s.now().UnixMicro()
	if us <= s.rec.lastTS {
		us = s.rec.lastTS + 1
	}
	s.rec.lastTS = us
	return tsOf(time.UnixMicro(us))
}

// nextItemSeqLocked orders messages and views in the transcript.
func (s *Server) nextItemSeqLocked() int {
	s.rec.nseq++
	return s.rec.nseq
}

// addMessageLocked records a new message and returns its item.
func (s *Server) addMessageLocked(m Message) *item {
	m.User = s.opts.BotUserID
	m.PostedAt = s.now()
	m.Buttons = buttonsOf(m.Blocks)
	it := &item{seq: s.nextItemSeqLocked(), cur: m, revisions: []Message{m}}
	s.rec.items = append(s.rec.items, it)
	s.rec.byKey[msgKey(m.Channel, m.TS)] = it
	s.notifyLocked()
	return it
}

// editLocked applies an edit to a recorded message.
func (s *Server) editLocked(it *item, e edit) {
	m := &it.cur
	if e.text != nil {
		m.Text = *e.text
	}
	if e.blocks != nil {
		m.Blocks = nilIfEmptyArray(e.blocks)
		m.Buttons = buttonsOf(m.Blocks)
	}
	if e.attachments != nil {
		m.Attachments = nilIfEmptyArray(e.attachments)
	}
	if e.metadata != nil {
		m.Metadata = e.metadata
	}
	m.Updates++
	m.EditedAt = s.now()
	it.revisions = append(it.revisions, *m)
	s.notifyLocked()
}

// edit is a change to a message; a nil field is left as it was.
type edit struct {
	text                          *string
	blocks, attachments, metadata json.RawMessage
	truncated                     int // characters of text cut past maxMessageText
}

func nilIfEmptyArray(b json.RawMessage) json.RawMessage {
	var v []json.RawMessage
	if json.Unmarshal(b, &v) == nil && len(v) == 0 {
		return nil
	}
	return b
}

// recordCallLocked appends a call.
func (s *Server) recordCallLocked(c Call) {
	s.rec.calls = append(s.rec.calls, c)
	s.notifyLocked()
}

// Messages returns the channel's messages everyone sees, oldest first, in
// their current state, without thread replies and deleted messages.
func (s *Server) Messages(channel string) []Message {
	return s.selectMessages(func(m Message) bool {
		return m.Channel == channel && m.VisibleTo == "" && m.ThreadTS == ""
	})
}

// Thread returns the replies in the thread under the message channel/ts that
// everyone sees, oldest first; the parent itself is not included.
func (s *Server) Thread(channel, ts string) []Message {
	return s.selectMessages(func(m Message) bool {
		return m.Channel == channel && m.VisibleTo == "" && m.ThreadTS == ts
	})
}

// Ephemerals returns the ephemeral messages shown to user, oldest first.
func (s *Server) Ephemerals(user string) []Message {
	return s.selectMessages(func(m Message) bool { return m.VisibleTo == user })
}

// AllMessages returns every message, ephemeral or not, in the order posted.
func (s *Server) AllMessages() []Message {
	return s.selectMessages(func(Message) bool { return true })
}

func (s *Server) selectMessages(keep func(Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, it := range s.rec.items {
		if !it.cur.Deleted && keep(it.cur) {
			out = append(out, cloneMessage(it.cur))
		}
	}
	return out
}

// Message returns the message channel/ts (ephemeral ones included) in its
// current state; ok is false when there is none.
func (s *Server) Message(channel, ts string) (m Message, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.rec.byKey[msgKey(channel, ts)]
	if !ok {
		return Message{}, false
	}
	return cloneMessage(it.cur), true
}

// Revisions returns every state the message channel/ts has been in, the
// original first; nil when there is no such message.
func (s *Server) Revisions(channel, ts string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.rec.byKey[msgKey(channel, ts)]
	if !ok {
		return nil
	}
	out := make([]Message, len(it.revisions))
	for i, m := range it.revisions {
		out[i] = cloneMessage(m)
	}
	return out
}

// cloneMessage copies m's slices so callers cannot change the record.
func cloneMessage(m Message) Message {
	m.Blocks = slices.Clone(m.Blocks)
	m.Attachments = slices.Clone(m.Attachments)
	m.Metadata = slices.Clone(m.Metadata)
	m.Buttons = slices.Clone(m.Buttons)
	return m
}

// Calls returns every Web API call answered so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.calls)
}

// CallCount returns how many calls of method were answered, rate-limited
// and failed ones included.
func (s *Server) CallCount(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.rec.calls {
		if c.Method == method {
			n++
		}
	}
	return n
}

// tsOf formats t as a Slack timestamp.
func tsOf(t time.Time) string {
	us := t.UnixMicro()
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}
