package serve

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/deploybot/deploybot/deploy"
)

// forwardNotifier breaks the cycle between the engine (which needs a
// Notifier when it is made) and the bot (which needs the engine): the
// engine gets it at once, the bot is set once it exists.
type forwardNotifier struct {
	mu     sync.RWMutex
	target deploy.Notifier
}

// set makes n the notifier notices go to.
func (f *forwardNotifier) set(n deploy.Notifier) {
	f.mu.Lock()
	f.target = n
	f.mu.Unlock()
}

// errNoNotifier is Notify's error before set: the engine keeps the notice
// and sends it again on a later tick.
var errNoNotifier = errors.New("the Slack bot is not set up yet")

// Notify passes n to the target, or fails before there is one.
func (f *forwardNotifier) Notify(ctx context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	f.mu.RLock()
	t := f.target
	f.mu.RUnlock()
	if t == nil {
		return deploy.MessageRef{}, errNoNotifier
	}
	return t.Notify(ctx, n)
}

// logNotifier writes one log line per promotion transition (the first
// notice of each state of each promotion), then passes the notice on.
type logNotifier struct {
	log   *slog.Logger
	inner deploy.Notifier

	mu   sync.Mutex
	seen map[string]bool // promotion ID + "/" + state already logged
}

// Notify logs n when it reports a state not logged before, and returns
// inner's answer.
func (l *logNotifier) Notify(ctx context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	p := n.Promotion
	if l.first(p.ID + "/" + string(p.State)) {
		l.log.Info("promotion "+string(p.State), "promotion", p.ID, "state", p.State, "notice", n.Kind,
			"kind", p.Kind, "service", p.Service, "env", p.Env, "version", p.Version, "reason", p.StateReason)
	}
	return l.inner.Notify(ctx, n)
}

// first reports whether key is seen for the first time.
func (l *logNotifier) first(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	if l.seen[key] {
		return false
	}
	l.seen[key] = true
	return true
}
