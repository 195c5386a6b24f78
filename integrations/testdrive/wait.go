package testdrive

import (
	"context"
	"fmt"
	"time"
)

// pollEvery is how often within re-checks a condition that spans the
// stand-ins (Slack, GitHub, Argo CD).
const pollEvery = 25 * time.Millisecond

// Within returns nil as soon as cond holds, or an error naming what did
// not happen within timeout (or ctx's error when it ends first).
func Within(ctx context.Context, what string, timeout time.Duration, cond func() bool) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			if ctx.Err() == context.DeadlineExceeded {
				return fmt.Errorf("%s did not happen within %s", what, timeout)
			}
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}
