package standins

import (
	"sync"
	"time"

	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
)

// shiftClock is a base clock moved by an offset, so that the seed (the
// deployments already running) is stamped in the past while everything
// after it runs on the base clock.
type shiftClock struct {
	base argocdfake.Clock

	mu     sync.Mutex
	offset time.Duration
}

// Now returns the base clock's time plus the offset, in UTC.
func (c *shiftClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Now().Add(c.offset).UTC()
}

// set changes the offset.
func (c *shiftClock) set(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = d
}

// Advance moves a base clock that can be advanced (argocdfake.FakeClock);
// it does nothing on the wall clock.
func (c *shiftClock) Advance(d time.Duration) {
	if a, ok := c.base.(argocdfake.Advancer); ok {
		a.Advance(d)
	}
}

// wallClock is the real time in UTC.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now().UTC() }
