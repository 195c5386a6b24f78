package slackfake

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Options configure a [Server]. Every field has a usable default.
type Options struct {
	// BotToken is the xoxb- token every Web API method except
	// apps.connections.open requires; default "xoxb-fake-bot-token".
	BotToken string
	// AppToken is the xapp- token apps.connections.open requires; default
	// "xapp-fake-app-token".
	AppToken string
	// TeamID is the workspace; default "T0FAKE". TeamName defaults to
	// "Fake Workspace" and TeamDomain to "fake".
	TeamID, TeamName, TeamDomain string
	// BotUserID is the bot's user ID (auth.test user_id, the author of every
	// message); default "U0BOT". BotID defaults to "B0BOT", BotName to
	// "deploybot", AppID to "A0FAKE".
	BotUserID, BotID, BotName, AppID string
	// Scopes are the bot token's OAuth scopes, e.g. the manifest's
	// "commands", "chat:write", "channels:history"; a call that needs
	// another answers missing_scope, as Slack does. Nil grants every scope.
	Scopes []string
	// AnyChannel makes every channel ID exist; otherwise only channels added
	// with [Server.AddChannel] do and the rest answer channel_not_found.
	AnyChannel bool
	// Clock stamps messages, calls, views and envelopes and decides when a
	// trigger_id expires; default time.Now. Ack latency is always measured
	// with the real monotonic clock.
	Clock func() time.Time
	// Logger receives a debug line per call and envelope; default discards.
	Logger *slog.Logger
	// PingInterval is how often the server pings each Socket Mode
	// connection; default 5s. slack-go reconnects when no ping arrives for
	// its own interval (socketmode.OptionPingInterval, default 30s).
	PingInterval time.Duration
	// AckTimeout is Slack's deadline for an ack; acks later than this are
	// marked Late. Default 3s.
	AckTimeout time.Duration
	// DisconnectGrace is how long a connection told to disconnect stays open
	// before the server closes it; default 10s.
	DisconnectGrace time.Duration
	// TriggerTTL is how long a trigger_id may be used for views.open;
	// default 3s, as in Slack.
	TriggerTTL time.Duration
}

// Server is a running Slack stand-in. All methods are safe for concurrent
// use.
type Server struct {
	opts   Options
	srv    *httptest.Server
	logger *slog.Logger
	wg     sync.WaitGroup // socket goroutines

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	closed  bool
	dir     directory
	rec     recorder
	faults  map[string]*fault
	hold    holdState
	sock    socketState
	seq     int64 // for IDs
}

// New starts a Server on 127.0.0.1.
func New(opts Options) *Server {
	opts = withDefaults(opts)
	s := &Server{
		opts:    opts,
		logger:  opts.Logger.With("component", "slackfake"),
		changed: make(chan struct{}),
		faults:  map[string]*fault{},
	}
	s.dir.init()
	s.rec.init()
	s.sock.init()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/link/", s.serveSocket)
	mux.HandleFunc("/respond/{id}", s.serveResponseURL)
	s.srv = httptest.NewUnstartedServer(mux)
	s.srv.Start() // after the assignment, so handlers see s.srv
	return s
}

func withDefaults(o Options) Options {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.BotToken, "xoxb-fake-bot-token")
	def(&o.AppToken, "xapp-fake-app-token")
	def(&o.TeamID, "T0FAKE")
	def(&o.TeamName, "Fake Workspace")
	def(&o.TeamDomain, "fake")
	def(&o.BotUserID, "U0BOT")
	def(&o.BotID, "B0BOT")
	def(&o.BotName, "deploybot")
	def(&o.AppID, "A0FAKE")
	defDur := func(p *time.Duration, v time.Duration) {
		if *p <= 0 {
			*p = v
		}
	}
	defDur(&o.PingInterval, 5*time.Second)
	defDur(&o.AckTimeout, 3*time.Second)
	defDur(&o.DisconnectGrace, 10*time.Second)
	defDur(&o.TriggerTTL, 3*time.Second)
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// URL returns the server's root URL without a trailing slash, e.g.
// "http://127.0.0.1:34567".
func (s *Server) URL() string { return s.srv.URL }

// APIURL returns the Web API base URL with its trailing slash, e.g.
// "http://127.0.0.1:34567/api/", for slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// BotToken returns the bot token the server accepts.
func (s *Server) BotToken() string { return s.opts.BotToken }

// AppToken returns the app-level token the server accepts.
func (s *Server) AppToken() string { return s.opts.AppToken }

// Close closes every Socket Mode connection, stops the server and waits for
// its goroutines.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	conns := s.sock.openConns()
	s.releaseHeldLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.srv.Close()
	s.wg.Wait()
}

// Wait blocks until cond returns true, re-evaluating it after every change
// the server records (a call, a message, an ack, a connection). cond may
// call the server's methods. It returns ctx.Err() when ctx ends first.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notifyLocked wakes every Wait; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// now returns the injected clock's time.
func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock()
	}
	return time.Now()
}

// nextSeqLocked returns a new positive number for IDs; s.mu must be held.
func (s *Server) nextSeqLocked() int64 {
	s.seq++
	return s.seq
}
