package bot

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// liveness records when the Socket Mode connection last showed signs of
// life (a ping, a message, a new connection). It uses the real clock: it
// is about the network, not about promotions.
type liveness struct {
	mu     sync.Mutex
	last   time.Time
	warned bool
}

func newLiveness(deploy.Clock) *liveness { return &liveness{last: time.Now()} }

// touch records a sign of life and reports whether the connection had
// been reported silent before.
func (l *liveness) touch() (wasSilent bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Now()
	wasSilent, l.warned = l.warned, false
	return wasSilent
}

// silent returns how long the connection has been silent when that is at
// least limit and not reported yet, marking it reported.
func (l *liveness) silent(limit time.Duration) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := time.Since(l.last)
	if d < limit || l.warned {
		return d, false
	}
	l.warned = true
	return d, true
}

// watchdog logs once per silence when the connection has been silent
// longer than Options.Watchdog, until ctx ends.
func (b *Bot) watchdog(ctx context.Context) {
	limit := b.opts.Watchdog
	if limit <= 0 {
		return
	}
	t := time.NewTicker(max(limit/4, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if d, report := b.live.silent(limit); report {
				b.log.Warn("Slack connection silent: no ping or message; socketmode should reconnect",
					"silent_for", d.Round(time.Millisecond), "limit", limit)
			}
		}
	}
}

// socketLog receives socketmode's debug output (OptionDebug): it is the
// only place the client reports pings and disconnect requests. Nothing is
// logged from it: it carries payloads and connection URLs.
type socketLog struct {
	b     *Bot
	fatal chan<- string // the reason of a disconnect that must stop the bot
}

// Output implements socketmode's logger; it never fails.
func (l socketLog) Output(_ int, s string) error {
	switch {
	case strings.HasPrefix(s, "WebSocket ping message received"):
		l.alive()
	case strings.HasPrefix(s, "Received WebSocket message: "):
		l.alive()
		l.message(strings.TrimPrefix(s, "Received WebSocket message: "))
	}
	return nil
}

func (l socketLog) alive() {
	if l.b.live.touch() {
		l.b.log.Info("Slack connection alive again")
	}
}

// message looks for disconnect requests.
func (l socketLog) message(raw string) {
	if !strings.Contains(raw, `"disconnect"`) {
		return
	}
	var m struct{ Type, Reason string }
	if json.Unmarshal([]byte(strings.TrimSpace(raw)), &m) != nil || m.Type != "disconnect" {
		return
	}
	if m.Reason == "link_disabled" {
		select {
		case l.fatal <- m.Reason:
		default:
		}
		return
	}
	l.b.log.Info("Slack asked to reconnect; reconnecting", "reason", m.Reason)
}
