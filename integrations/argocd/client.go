package argocd

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"

	"github.com/deploybot/deploybot/deploy"
)

// Client reads and syncs Argo CD Applications. It connects lazily, on its
// first call, over one gRPC connection shared by every call and Watch
// stream (gRPC reconnects it when it breaks). It is safe for concurrent
// use; Close releases the connection.
type Client struct {
	opts Options
	log  *slog.Logger

	mu      sync.Mutex
	apps    application.ApplicationServiceClient // nil until connected
	closer  io.Closer
	dialing chan struct{} // closed when the dial in flight ends; nil if none
	dialErr error         // the last dial's error
	closed  bool

	projects sync.Map // app name -> the Argo CD project it was last seen in
}

var _ deploy.Cluster = (*Client)(nil)

var errClosed = errors.New("argocd: client is closed")

// New returns a Client for opts. It does not connect (the first call
// does), so it fails only on bad options: a *deploy.Error with CodeInvalid
// when Server or Token is empty or Backoff.Max < Backoff.Min.
func New(opts Options) (*Client, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Client{opts: opts, log: opts.Logger.With("component", "argocd")}, nil
}

// Close closes the connection; calls after it fail. A dial still in flight
// closes its connection when it ends. It returns the connection's Close
// error.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.closer == nil {
		return nil
	}
	return c.closer.Close()
}

// conn returns the application service client, connecting first if
// needed. Concurrent callers share one dial; each waits for it until its
// ctx is done. It returns ctx's error, errClosed, or the dial's error.
func (c *Client) conn(ctx context.Context) (application.ApplicationServiceClient, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClosed
	}
	if c.apps != nil {
		apps := c.apps
		c.mu.Unlock()
		return apps, nil
	}
	if c.dialing == nil {
		c.dialing = make(chan struct{})
		go c.dial(c.dialing)
	}
	done := c.dialing
	c.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.apps != nil {
		return c.apps, nil
	}
	return nil, c.dialErr
}

// dial connects and records the outcome, then closes done.
func (c *Client) dial(done chan struct{}) {
	apps, closer, err := c.connect()
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(done)
	c.dialing = nil
	switch {
	case c.closed && closer != nil:
		_ = closer.Close()
		c.dialErr = errClosed
	case c.closed:
		c.dialErr = errClosed
	case err != nil:
		c.dialErr = err
	default:
		c.apps, c.closer, c.dialErr = apps, closer, nil
	}
}
