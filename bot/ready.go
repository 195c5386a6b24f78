package bot

import "time"

// Connected reports whether the bot looks connected to Slack: Run's
// auth.test accepted the bot token, and the Socket Mode connection showed
// a sign of life (connected, hello, ping or envelope) after since and
// within the watchdog limit (Options.Watchdog; no limit when negative).
// Pass the time Run was started as since, so the sign of life is this
// run's. It is meant for readiness probes and never blocks on the network.
func (b *Bot) Connected(since time.Time) bool {
	b.mu.Lock()
	authed := b.teamID != ""
	b.mu.Unlock()
	if !authed {
		return false
	}
	last := b.live.lastSign()
	if !last.After(since) {
		return false
	}
	return b.opts.Watchdog < 0 || time.Since(last) < b.opts.Watchdog
}

// lastSign returns when the connection last showed a sign of life.
func (l *liveness) lastSign() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}
