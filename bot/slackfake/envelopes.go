package slackfake

import (
	"encoding/json"
	"fmt"
	"time"
)

// verificationToken is the legacy token Slack puts in payloads.
const verificationToken = "fake-verification-token"

// envelope is one Socket Mode request; guarded by Server.mu.
type envelope struct {
	id              string
	typ             string // slash_commands, interactive
	payload         json.RawMessage
	acceptsResponse bool
	attempt         int
	reason          string
	delivered       bool
	sentAt          time.Time  // real clock, latest delivery
	rsp             *responder // where an ack payload goes (slash commands)
}

// frame is the WebSocket message for the envelope's current attempt.
func (e *envelope) frame() map[string]any {
	return map[string]any{
		"envelope_id": e.id, "type": e.typ, "payload": e.payload,
		"accepts_response_payload": e.acceptsResponse,
		"retry_attempt":            e.attempt, "retry_reason": e.reason,
	}
}

// newEnvelopeLocked registers an envelope for payload.
func (s *Server) newEnvelopeLocked(typ string, payload any, acceptsResponse bool) *envelope {
	b, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("slackfake: marshal %s payload: %v", typ, err)) // our own maps
	}
	env := &envelope{
		id:  fmt.Sprintf("e0000000-0000-4000-8000-%012d", s.nextSeqLocked()),
		typ: typ, payload: b, acceptsResponse: acceptsResponse,
	}
	s.sock.envelopes[env.id] = env
	return env
}

// deliver sends an envelope on the next open connection (round robin), or
// queues it for the next connection when none is open.
func (s *Server) deliver(env *envelope) {
	for {
		s.mu.Lock()
		c := s.pickConnLocked()
		if c == nil {
			s.sock.pending = append(s.sock.pending, env)
			s.mu.Unlock()
			s.logger.Debug("envelope queued: no connection", "envelope_id", env.id)
			return
		}
		env.delivered, env.sentAt = true, time.Now()
		frame := env.frame()
		s.notifyLocked()
		s.mu.Unlock()
		err := c.writeJSON(frame)
		if err == nil {
			s.logger.Debug("envelope sent", "envelope_id", env.id, "type", env.typ,
				"attempt", env.attempt, "conn", c.id)
			return
		}
		s.mu.Lock()
		c.broken = true
		s.mu.Unlock()
		c.close()
	}
}

// pickConnLocked returns the next connection that takes envelopes, or nil.
func (s *Server) pickConnLocked() *conn {
	n := len(s.sock.conns)
	for i := range n {
		c := s.sock.conns[(s.sock.rr+i)%n]
		if c.ready && !c.draining && !c.broken {
			s.sock.rr = (s.sock.rr + i + 1) % n
			return c
		}
	}
	return nil
}

// Resend delivers the envelope again with the same envelope_id,
// retry_attempt one higher and retry_reason "timeout", as Slack does when
// an ack is late. It returns an error for an envelope it never sent.
func (s *Server) Resend(envelopeID string) error {
	s.mu.Lock()
	env, ok := s.sock.envelopes[envelopeID]
	if ok {
		env.attempt++
		env.reason = "timeout"
	}
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("slackfake: resend: no envelope %q", envelopeID)
	}
	s.deliver(env)
	return nil
}

// Pending returns the IDs of envelopes waiting for a connection.
func (s *Server) Pending() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, len(s.sock.pending))
	for i, env := range s.sock.pending {
		ids[i] = env.id
	}
	return ids
}

// ensurePersonLocked makes the user and channel an envelope names exist,
// since a person typed or clicked there.
func (s *Server) ensurePersonLocked(userID, userName, channelID, channelName string) {
	if _, ok := s.dir.users[userID]; !ok && userID != "" {
		if userName == "" {
			userName = userID
		}
		s.dir.users[userID] = User{ID: userID, Name: userName, TeamID: s.opts.TeamID, TZ: "UTC"}
	}
	if _, ok := s.dir.channels[channelID]; !ok && channelID != "" {
		s.dir.channels[channelID] = Channel{ID: channelID, Name: channelName}
	}
}

// wireUserLocked is the "user" object of an interaction payload.
func (s *Server) wireUserLocked(id, teamID string) map[string]any {
	name := s.userNameLocked(id)
	return map[string]any{"id": id, "username": name, "name": name, "team_id": teamID}
}

func (s *Server) teamIDOr(id string) string {
	if id == "" {
		return s.opts.TeamID
	}
	return id
}
