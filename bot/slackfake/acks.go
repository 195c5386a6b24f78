package slackfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Ack is an acknowledgement the client sent for an envelope.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload, or nil when it carried none.
	Payload json.RawMessage
	// Latency is the real time from the server writing the envelope (its
	// latest attempt) to reading the ack; zero for an unknown envelope.
	Latency time.Duration
	// Late is true when Latency exceeds Options.AckTimeout (Slack's 3 s).
	Late bool
	// Attempt is the envelope's retry_attempt when it was acked.
	Attempt int
	At      time.Time // by Options.Clock
	Conn    int       // the connection it arrived on, numbered from 1
}

// wireAck is what socketmode.Client sends.
type wireAck struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// handleAck records one message read from a connection.
func (s *Server) handleAck(c *conn, data []byte) {
	var w wireAck
	if err := json.Unmarshal(data, &w); err != nil || w.EnvelopeID == "" {
		s.logger.Warn("unexpected message from client", "conn", c.id, "message", string(data))
		return
	}
	if p := bytes.TrimSpace(w.Payload); len(p) == 0 || string(p) == "null" {
		w.Payload = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := Ack{EnvelopeID: w.EnvelopeID, Payload: w.Payload, At: s.now(), Conn: c.id}
	env, ok := s.sock.envelopes[w.EnvelopeID]
	if !ok {
		s.logger.Warn("ack for an envelope never sent", "envelope_id", w.EnvelopeID)
	} else {
		a.Latency = time.Since(env.sentAt)
		a.Late = a.Latency > s.opts.AckTimeout
		a.Attempt = env.attempt
	}
	s.sock.acks = append(s.sock.acks, a)
	s.notifyLocked()
	s.logger.Debug("ack", "envelope_id", a.EnvelopeID, "latency", a.Latency, "payload", len(a.Payload) > 0)
	if ok && env.rsp != nil && a.Payload != nil {
		s.applyAckPayloadLocked(env, a.Payload)
	}
}

// applyAckPayloadLocked shows a slash command's ack payload to the person.
func (s *Server) applyAckPayloadLocked(env *envelope, payload json.RawMessage) {
	var p responsePost
	if err := json.Unmarshal(payload, &p); err != nil {
		s.logger.Warn("ack payload is not a message", "envelope_id", env.id, "err", err)
		return
	}
	if e := s.applyResponseLocked(env.rsp, p, "ack"); e != nil {
		s.logger.Warn("ack payload rejected", "envelope_id", env.id, "error", e.code,
			"messages", e.messages)
	}
}

// Acks returns every ack received, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.sock.acks)
	for i := range out {
		out[i].Payload = slices.Clone(out[i].Payload)
	}
	return out
}

// WaitAck blocks until the envelope's latest attempt is acked and returns
// that ack. It returns an error for an envelope the server never created,
// or ctx.Err() when ctx ends first.
func (s *Server) WaitAck(ctx context.Context, envelopeID string) (Ack, error) {
	var got Ack
	err := s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		var ok bool
		got, ok = s.ackLocked(envelopeID)
		return ok || s.sock.envelopes[envelopeID] == nil
	})
	if err != nil {
		return Ack{}, err
	}
	if got.EnvelopeID == "" {
		return Ack{}, fmt.Errorf("slackfake: wait ack: no envelope %q", envelopeID)
	}
	return got, nil
}

// ackLocked returns the first ack of the envelope's latest attempt.
func (s *Server) ackLocked(envelopeID string) (Ack, bool) {
	env, ok := s.sock.envelopes[envelopeID]
	if !ok {
		return Ack{}, false
	}
	for _, a := range s.sock.acks {
		if a.EnvelopeID == envelopeID && a.Attempt == env.attempt {
			a.Payload = slices.Clone(a.Payload)
			return a, true
		}
	}
	return Ack{}, false
}

// Unacked returns the IDs of envelopes sent whose latest attempt has no ack
// yet, in the order created.
func (s *Server) Unacked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, env := range s.sock.envelopes {
		if _, acked := s.ackLocked(env.id); env.delivered && !acked {
			ids = append(ids, env.id)
		}
	}
	slices.Sort(ids) // IDs are numbered in creation order
	return ids
}
