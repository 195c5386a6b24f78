package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Slack's limits on a response_url.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

// responder is one response_url: who it answers and, for a click, the
// message clicked; guarded by Server.mu.
type responder struct {
	id              string
	user, channel   string
	originTS        string // the message replace_original/delete_original act on
	originEphemeral bool
	uses            int
	issued          time.Time
}

// responsePost is a response_url body, and a slash command's ack payload.
type responsePost struct {
	Text            *string         `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	Attachments     json.RawMessage `json:"attachments"`
	ResponseType    string          `json:"response_type"` // "ephemeral" (default) or "in_channel"
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

func (s *Server) newResponderLocked(user, channel, originTS string, ephemeral bool) *responder {
	r := &responder{id: fmt.Sprintf("%d", s.nextSeqLocked()), user: user, channel: channel,
		originTS: originTS, originEphemeral: ephemeral, issued: s.now()}
	s.sock.responders[r.id] = r
	return r
}

// responseURL is the responder's URL on this server.
func (s *Server) responseURL(r *responder) string {
	return s.srv.URL + "/respond/" + r.id
}

// serveResponseURL answers a POST to a response_url.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	var p responsePost
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err == nil {
		err = json.Unmarshal(b, &p)
	}
	s.mu.Lock()
	status, e := s.answerResponseLocked(r.PathValue("id"), p, err)
	code := ""
	if e != nil {
		code = e.code
	}
	s.recordCallLocked(Call{Method: "response_url", At: s.now(), Status: status, Error: code})
	s.mu.Unlock()
	if e != nil {
		writeJSON(w, status, errorBody(e))
		return
	}
	writeJSON(w, status, map[string]any{"ok": true})
}

func (s *Server) answerResponseLocked(id string, p responsePost, parseErr error) (int, *apiError) {
	rsp, ok := s.sock.responders[id]
	switch {
	case !ok:
		return http.StatusNotFound, errCode("invalid_url")
	case parseErr != nil:
		return http.StatusBadRequest, errCode("invalid_payload")
	case rsp.uses >= responseURLUses:
		return http.StatusNotFound, errCode("used_url")
	case s.now().Sub(rsp.issued) > responseURLTTL:
		return http.StatusNotFound, errCode("expired_url")
	}
	rsp.uses++
	if e := s.applyResponseLocked(rsp, p, "response_url"); e != nil {
		return http.StatusOK, e
	}
	return http.StatusOK, nil
}

// applyResponseLocked shows a response: it replaces or deletes the origin
// message, or posts a new message in the channel or ephemerally to the user.
func (s *Server) applyResponseLocked(rsp *responder, p responsePost, via string) *apiError {
	e, apiErr := responseEdit(p)
	if apiErr != nil {
		return apiErr
	}
	origin := s.rec.byKey[msgKey(rsp.channel, rsp.originTS)]
	switch {
	case p.DeleteOriginal && origin != nil:
		origin.cur.Deleted = true
		s.notifyLocked()
	case p.ReplaceOriginal && origin != nil:
		// Replacing drops whatever the new message leaves out.
		if e.text == nil {
			e.text = new(string)
		}
		for _, f := range []*json.RawMessage{&e.blocks, &e.attachments} {
			if *f == nil {
				*f = json.RawMessage("[]")
			}
		}
		s.editLocked(origin, e)
	default:
		return s.postResponseLocked(rsp, p, e, via)
	}
	return nil
}

// postResponseLocked posts a response as a new message.
func (s *Server) postResponseLocked(rsp *responder, p responsePost, e edit, via string) *apiError {
	if e.empty() {
		return errCode("no_text")
	}
	m := Message{Channel: rsp.channel, TS: s.nextTSLocked(), Via: via}
	m.ThreadTS = s.threadParentLocked(rsp.channel, p.ThreadTS)
	if p.ResponseType != "in_channel" {
		m.VisibleTo = rsp.user
	}
	applyNew(&m, e)
	s.addMessageLocked(m)
	if m.VisibleTo != "" { // a later replace_original acts on this reply
		rsp.originTS, rsp.originEphemeral = m.TS, true
	}
	return nil
}

// responseEdit validates a response's content.
func responseEdit(p responsePost) (edit, *apiError) {
	e := edit{text: p.Text}
	if p.Text != nil {
		t, cut := truncateText(*p.Text)
		e.text, e.truncated = &t, cut
	}
	if b := p.Blocks; len(b) > 0 && string(b) != "null" {
		v, apiErr := validateBlocks(b, maxMessageBlocks)
		if apiErr != nil {
			return e, apiErr
		}
		e.blocks = v
	}
	if a := p.Attachments; len(a) > 0 && string(a) != "null" {
		v, ok := compactArray(a)
		if !ok {
			return e, errCode("invalid_attachments")
		}
		e.attachments = v
	}
	return e, nil
}
