package metrics

import (
	"context"
	"sync"

	"github.com/deploybot/deploybot/deploy"
)

// Notifier is a deploy.Notifier that feeds the promotion metrics from the
// notices the engine sends, then passes them on to Inner (which may be
// nil). A promotion's outcome is counted once per process when a notice
// reports it in a final state, its request-to-healthy duration when a
// notice reports it deployed.
type Notifier struct {
	Inner   deploy.Notifier
	Metrics *Metrics

	mu   sync.Mutex
	seen map[string]bool // promotion ID + "/" + state already counted
}

var _ deploy.Notifier = (*Notifier)(nil)

// Notify counts n and returns Inner's answer (an empty reference when
// Inner is nil). A notice Inner refuses is not counted: the engine sends
// it again.
func (c *Notifier) Notify(ctx context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	var ref deploy.MessageRef
	if c.Inner != nil {
		var err error
		if ref, err = c.Inner.Notify(ctx, n); err != nil {
			return ref, err
		}
	}
	p := n.Promotion
	switch {
	case p.State.Final() && c.first(p.ID, p.State):
		c.Metrics.Outcome(p.Env, string(p.State))
	case n.Kind == deploy.NoticeDeployed && !p.HealthyAt.IsZero() && c.first(p.ID, "healthy"):
		c.Metrics.Healthy(p.Env, p.HealthyAt.Sub(p.CreatedAt))
	}
	return ref, nil
}

// first reports whether id's state is counted for the first time.
func (c *Notifier) first(id string, state deploy.State) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	k := id + "/" + string(state)
	if c.seen[k] {
		return false
	}
	c.seen[k] = true
	return true
}
