package slackfake

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
)

// Limits of conversations.history and conversations.replies.
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 999
	defaultRepliesLimit = 1000
	maxRepliesLimit     = 1000
)

// page is a parsed conversations.history or conversations.replies call.
type page struct {
	ch             Channel
	oldest, latest int64 // microseconds
	inclusive      bool
	limit          int
	cursor         int64 // 0: from the start; else the ts to go on from
	withMetadata   bool
}

// historyLocked answers conversations.history: the channel's messages
// everyone sees, top-level ones only (thread replies are not part of the
// history, except those also sent to the channel), newest first, between
// oldest and latest (exclusive unless inclusive), at most limit (default 100, at most 999) with has_more and
// response_metadata.next_cursor for the next page. Metadata is returned
// only with include_all_metadata. Errors as Slack's: channel_not_found
// (the channel must be given by ID), not_in_channel, invalid_ts_latest,
// invalid_ts_oldest, invalid_cursor, and invalid_arguments for a limit
// that is not a number.
func (s *Server) historyLocked(r *apiRequest) (apiResult, *apiError) {
	p, e := s.parsePageLocked(r, defaultHistoryLimit, maxHistoryLimit)
	if e != nil {
		return nil, e
	}
	var msgs []Message
	for i := len(s.rec.items) - 1; i >= 0; i-- {
		m := s.rec.items[i].cur
		if m.Channel == p.ch.ID && m.VisibleTo == "" && !m.Deleted && (m.ThreadTS == "" || m.Broadcast) {
			msgs = append(msgs, m)
		}
	}
	return s.pageResultLocked(p, msgs, func(ts, cur int64) bool { return ts <= cur }), nil
}

// repliesAPILocked answers conversations.replies: the thread of the
// message ts (its parent, given its own ts or a reply's), the parent
// first and then the replies oldest first, with the same range, limit
// (default and at most 1000), cursor and metadata rules as
// conversations.history; thread_not_found for an unknown ts.
func (s *Server) repliesAPILocked(r *apiRequest) (apiResult, *apiError) {
	p, e := s.parsePageLocked(r, defaultRepliesLimit, maxRepliesLimit)
	if e != nil {
		return nil, e
	}
	it, ok := s.rec.byKey[msgKey(p.ch.ID, r.get("ts"))]
	if !ok || it.cur.Deleted || it.cur.VisibleTo != "" {
		return nil, errCode("thread_not_found")
	}
	parent := it.cur.TS
	if it.cur.ThreadTS != "" {
		parent = it.cur.ThreadTS
	}
	var msgs []Message
	for _, it := range s.rec.items {
		m := it.cur
		if m.Channel == p.ch.ID && m.VisibleTo == "" && !m.Deleted && (m.TS == parent || m.ThreadTS == parent) {
			msgs = append(msgs, m)
		}
	}
	return s.pageResultLocked(p, msgs, func(ts, cur int64) bool { return ts >= cur }), nil
}

// parsePageLocked reads the parameters both methods share.
func (s *Server) parsePageLocked(r *apiRequest, defLimit, maxLimit int) (page, *apiError) {
	var p page
	id := r.get("channel")
	ch, ok := s.dir.channels[id]
	if !ok && s.opts.AnyChannel && id != "" && !strings.HasPrefix(id, "#") {
		ch, ok = Channel{ID: id}, true
	}
	if !ok {
		return p, errCode("channel_not_found")
	}
	p.ch = ch
	if e := s.checkMemberLocked(ch, false); e != nil {
		return p, e
	}
	var e *apiError
	// Without latest, every message so far: the stand-in's timestamps run
	// ahead of a clock that stands still.
	if p.latest, e = tsParam(r, "latest", math.MaxInt64, "invalid_ts_latest"); e != nil {
		return p, e
	}
	if p.oldest, e = tsParam(r, "oldest", 0, "invalid_ts_oldest"); e != nil {
		return p, e
	}
	p.inclusive, p.withMetadata = boolParam(r, "inclusive"), boolParam(r, "include_all_metadata")
	p.limit = defLimit
	if v := r.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, errCode("invalid_arguments")
		}
		if n > 0 {
			p.limit = min(n, maxLimit)
		}
	}
	if c := r.get("cursor"); c != "" {
		ts, ok := parseCursor(c)
		if !ok {
			return p, errCode("invalid_cursor")
		}
		p.cursor = ts
	}
	return p, nil
}

// pageResultLocked filters msgs (in the method's order) to p's range,
// starts at p's cursor (from reports whether a ts is at or past it in
// that order) and cuts the page.
func (s *Server) pageResultLocked(p page, msgs []Message, from func(ts, cursor int64) bool) apiResult {
	var in []Message
	for _, m := range msgs {
		ts, _ := parseTS(m.TS)
		if p.inRange(ts) && (p.cursor == 0 || from(ts, p.cursor)) {
			in = append(in, m)
		}
	}
	out := []map[string]any{}
	for _, m := range in[:min(len(in), p.limit)] {
		out = append(out, s.historyMessageLocked(m, p.withMetadata))
	}
	res := apiResult{"messages": out, "has_more": len(in) > p.limit, "pin_count": 0}
	if len(in) > p.limit {
		res["response_metadata"] = map[string]any{"next_cursor": cursorOf(in[p.limit].TS)}
	} else {
		res["response_metadata"] = map[string]any{"next_cursor": ""}
	}
	return res
}

// inRange reports whether ts lies between p's oldest and latest.
func (p page) inRange(ts int64) bool {
	if p.inclusive {
		return ts >= p.oldest && ts <= p.latest
	}
	return ts > p.oldest && ts < p.latest
}

// historyMessageLocked is m as the history methods return it: a thread's
// parent also carries thread_ts, reply_count and latest_reply.
func (s *Server) historyMessageLocked(m Message, withMetadata bool) map[string]any {
	w := s.wireMessageLocked(m, withMetadata)
	if m.ThreadTS != "" {
		return w
	}
	var replies []Message
	for _, r := range s.repliesLocked(m.Channel, m.TS) {
		if r.VisibleTo == "" {
			replies = append(replies, r)
		}
	}
	if len(replies) > 0 {
		w["thread_ts"] = m.TS
		w["reply_count"] = len(replies)
		w["latest_reply"] = replies[len(replies)-1].TS
	}
	return w
}

// tsParam reads a Slack timestamp parameter ("1700000000.000100" or
// "1700000000") in microseconds; def when absent, code when malformed.
func tsParam(r *apiRequest, key string, def int64, code string) (int64, *apiError) {
	v := r.get(key)
	if v == "" {
		return def, nil
	}
	ts, ok := parseTS(v)
	if !ok {
		return 0, errCode(code)
	}
	return ts, nil
}

// parseTS reads a Slack timestamp in microseconds.
func parseTS(v string) (int64, bool) {
	sec, frac, _ := strings.Cut(v, ".")
	if len(frac) > 6 {
		return 0, false
	}
	frac += strings.Repeat("0", 6-len(frac))
	s, err1 := strconv.ParseInt(sec, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || s < 0 || f < 0 {
		return 0, false
	}
	return s*1e6 + f, true
}

// boolParam reads a boolean parameter the way Slack does: "1" or "true".
func boolParam(r *apiRequest, key string) bool {
	v := r.get(key)
	return v == "1" || strings.EqualFold(v, "true")
}

// cursorOf is the opaque cursor that goes on at message ts, in Slack's
// shape (base64 of "next_ts:<ts>").
func cursorOf(ts string) string {
	return base64.StdEncoding.EncodeToString([]byte("next_ts:" + ts))
}

// parseCursor reads a cursor made by cursorOf.
func parseCursor(c string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	ts, ok := strings.CutPrefix(string(b), "next_ts:")
	if !ok {
		return 0, false
	}
	return parseTS(ts)
}
