package slackfake

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

const waitTimeout = 10 * time.Second

// newServer starts a server with test defaults and closes it at cleanup.
func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.PingInterval == 0 {
		opts.PingInterval = 50 * time.Millisecond
	}
	srv := New(opts)
	t.Cleanup(srv.Close)
	srv.AddChannel("C0DEPLOYS", "deploys")
	return srv
}

// apiClient is the real slack-go client on the bot token.
func apiClient(srv *Server) *slack.Client {
	return slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()))
}

// testCtx is a context that ends with the test or after waitTimeout.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// fakeClock is a settable clock; bot's tests have the same one (see
// there why it stays apart).
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sockClient runs the real socketmode client and keeps its events.
type sockClient struct {
	smc     *socketmode.Client
	mu      sync.Mutex
	events  []socketmode.Event
	changed chan struct{}
	cursor  int
	done    chan error
}

// startSocket runs a socketmode client against srv until the test ends.
func startSocket(t *testing.T, srv *Server, appToken string, opts ...socketmode.Option) *sockClient {
	t.Helper()
	api := slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(appToken))
	c := &sockClient{smc: socketmode.New(api, opts...), changed: make(chan struct{}), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { c.done <- c.smc.RunContext(ctx) }()
	go c.collect(ctx)
	t.Cleanup(func() {
		cancel()
		select {
		case <-c.done:
		case <-time.After(waitTimeout):
			t.Error("socketmode client did not stop")
		}
	})
	return c
}

func (c *sockClient) collect(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-c.smc.Events:
			c.mu.Lock()
			c.events = append(c.events, evt)
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
		}
	}
}

// next returns the next event of type typ after the last one returned.
func (c *sockClient) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		c.mu.Lock()
		for i := c.cursor; i < len(c.events); i++ {
			if c.events[i].Type == typ {
				c.cursor = i + 1
				evt := c.events[i]
				c.mu.Unlock()
				return evt
			}
		}
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("no %q event within %s", typ, waitTimeout)
		}
	}
}

// count returns how many events of type typ arrived so far.
func (c *sockClient) count(typ socketmode.EventType) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.events {
		if e.Type == typ {
			n++
		}
	}
	return n
}
