package argocd

import (
	"math/rand/v2"
	"time"
)

// backoff yields the delays of Backoff: nominal Min, 2·Min, … capped at
// Max, each jittered to a random value in [nominal/2, nominal].
type backoff struct {
	Backoff
	next time.Duration // the next nominal delay
}

func newBackoff(b Backoff) *backoff { return &backoff{Backoff: b, next: b.Min} }

// delay returns the next delay and doubles the nominal one up to Max.
func (b *backoff) delay() time.Duration {
	d := b.next
	b.next = min(b.next*2, b.Max)
	half := d / 2
	return half + rand.N(d-half+1)
}

// reset starts again from Min, after a connection that proved useful.
func (b *backoff) reset() { b.next = b.Min }
