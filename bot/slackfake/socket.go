package slackfake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const writeTimeout = 10 * time.Second

// socketState is the Socket Mode side; guarded by Server.mu.
type socketState struct {
	tickets     map[string]bool
	triggers    map[string]*trigger
	responders  map[string]*responder
	conns       []*conn // open, in the order opened
	opened      int     // connections that got their hello, ever
	nextConn    int
	rr          int // round-robin position
	pingsPaused bool
	envelopes   map[string]*envelope
	pending     []*envelope // waiting for a connection
	acks        []Ack
}

func (st *socketState) init() {
	st.tickets = map[string]bool{}
	st.triggers = map[string]*trigger{}
	st.responders = map[string]*responder{}
	st.envelopes = map[string]*envelope{}
}

// openConns returns the open connections.
func (st *socketState) openConns() []*conn { return append([]*conn(nil), st.conns...) }

// conn is one Socket Mode WebSocket connection.
type conn struct {
	id        int
	ws        *websocket.Conn
	wmu       sync.Mutex // serialises data frames
	done      chan struct{}
	closeOnce sync.Once
	// guarded by Server.mu:
	ready    bool        // hello sent
	draining bool        // told to disconnect: gets no new envelopes
	broken   bool        // a write failed
	timer    *time.Timer // closes a draining connection after the grace
}

// writeJSON sends one data frame.
func (c *conn) writeJSON(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteJSON(v)
}

// close drops the TCP connection without a close frame; idempotent.
func (c *conn) close() {
	c.closeOnce.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// newTicketLocked returns a single-use WebSocket URL for
// apps.connections.open.
func (s *Server) newTicketLocked() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	t := hex.EncodeToString(b)
	s.sock.tickets[t] = true
	ws := "ws" + strings.TrimPrefix(s.srv.URL, "http")
	return fmt.Sprintf("%s/link/?ticket=%s&app_id=%s", ws, t, s.opts.AppID)
}

// serveSocket upgrades a ticketed request and runs the connection until it
// closes.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.sock.tickets[ticket] && !s.closed
	delete(s.sock.tickets, ticket)
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logger.Warn("websocket upgrade failed", "err", err)
		return
	}
	c := s.addConn(ws)
	if c == nil {
		_ = ws.Close()
		return
	}
	defer s.wg.Done()
	defer s.removeConn(c)
	go s.keepAlive(c)
	if err := s.sendHello(c); err != nil {
		s.logger.Debug("hello failed", "conn", c.id, "err", err)
		return
	}
	s.readLoop(c)
}

// addConn registers a new connection; nil when the server is closing. It
// adds two to the WaitGroup: the read loop and keepAlive.
func (s *Server) addConn(ws *websocket.Conn) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.sock.nextConn++
	c := &conn{id: s.sock.nextConn, ws: ws, done: make(chan struct{})}
	s.sock.conns = append(s.sock.conns, c)
	s.wg.Add(2)
	return c
}

// removeConn forgets a closed connection.
func (s *Server) removeConn(c *conn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, o := range s.sock.conns {
		if o == c {
			s.sock.conns = append(s.sock.conns[:i], s.sock.conns[i+1:]...)
			break
		}
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	s.notifyLocked()
	s.logger.Debug("connection closed", "conn", c.id)
}

// sendHello greets a new connection, then delivers the envelopes that
// waited for one. The connection takes envelopes from the moment it is
// marked ready, but holding its write lock keeps hello the first frame.
func (s *Server) sendHello(c *conn) error {
	c.wmu.Lock()
	s.mu.Lock()
	c.ready = true
	s.sock.opened++
	n := s.openReadyLocked()
	pending := s.sock.pending
	s.sock.pending = nil
	s.notifyLocked()
	s.mu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	err := c.ws.WriteJSON(map[string]any{
		"type": "hello", "num_connections": n,
		"connection_info": map[string]any{"app_id": s.opts.AppID},
		"debug_info": map[string]any{"host": fmt.Sprintf("applink-fake-%d", c.id),
			"build_number": 1, "approximate_connection_time": 18060},
	})
	c.wmu.Unlock()
	if err != nil {
		s.mu.Lock()
		c.broken = true
		s.mu.Unlock()
		s.requeue(pending)
		return err
	}
	s.logger.Debug("connection open", "conn", c.id, "num_connections", n)
	for _, env := range pending {
		s.deliver(env)
	}
	return nil
}

// requeue puts envelopes back in front of the pending queue.
func (s *Server) requeue(envs []*envelope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sock.pending = append(envs, s.sock.pending...)
}

// readLoop records the acks a connection sends until it closes.
func (s *Server) readLoop(c *conn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.handleAck(c, data)
	}
}

// keepAlive pings the connection every PingInterval unless pings are
// paused.
func (s *Server) keepAlive(c *conn) {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			s.mu.Lock()
			paused := s.sock.pingsPaused
			s.mu.Unlock()
			if !paused {
				_ = c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(writeTimeout))
			}
		}
	}
}

// PausePings stops (true) or resumes (false) the WebSocket pings, so a
// client sees a silent connection; slack-go reconnects once its ping
// interval passes without one.
func (s *Server) PausePings(paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sock.pingsPaused = paused
}

// Disconnect sends {"type":"disconnect","reason":reason} to every open
// connection ("refresh_requested", "warning", "link_disabled"), sends them
// no further envelopes, and closes them after DisconnectGrace unless the
// client does first. It returns how many connections were told.
func (s *Server) Disconnect(reason string) int {
	s.mu.Lock()
	var targets []*conn
	for _, c := range s.sock.conns {
		if c.ready && !c.draining {
			c.draining = true
			c.timer = time.AfterFunc(s.opts.DisconnectGrace, c.close)
			targets = append(targets, c)
		}
	}
	s.mu.Unlock()
	for _, c := range targets {
		err := c.writeJSON(map[string]any{"type": "disconnect", "reason": reason,
			"debug_info": map[string]any{"host": fmt.Sprintf("applink-fake-%d", c.id)}})
		if err != nil {
			s.logger.Debug("disconnect failed", "conn", c.id, "err", err)
		}
	}
	return len(targets)
}

// DropConnections closes every open connection abruptly, without a close
// frame, as a network failure would. It returns how many it closed.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := s.sock.openConns()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	return len(conns)
}

// Connections returns how many connections are open and greeted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.openReadyLocked()
}

// TotalConnections returns how many connections have been greeted since the
// server started, reconnections included.
func (s *Server) TotalConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.opened
}

func (s *Server) openReadyLocked() int {
	n := 0
	for _, c := range s.sock.conns {
		if c.ready {
			n++
		}
	}
	return n
}

// WaitConnected blocks until at least n connections have been greeted since
// the server started (reconnections count) and one is open. It returns
// ctx.Err() when ctx ends first.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.sock.opened >= n && s.openReadyLocked() > 0
	})
}
