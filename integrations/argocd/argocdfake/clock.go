package argocdfake

import (
	"sync"
	"time"
)

// Clock tells the server what time it is. Every timestamp the server writes
// (reconciledAt, startedAt, finishedAt, deployedAt) comes from it.
type Clock interface {
	Now() time.Time
}

// Advancer is a Clock that a driver can move forward; Server.Advance needs
// one.
type Advancer interface {
	Clock
	Advance(d time.Duration)
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now().UTC() }

// FakeClock is a Clock that moves only when told to. It is safe for
// concurrent use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a FakeClock reading t0.
func NewFakeClock(t0 time.Time) *FakeClock {
	return &FakeClock{now: t0}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (a negative d is ignored).
func (c *FakeClock) Advance(d time.Duration) {
	if d < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
