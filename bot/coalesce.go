package bot

import (
	"context"
	"sync"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

// flushTimeout bounds one delayed chat.update, Retry-After waits included.
const flushTimeout = 2 * time.Minute

// announcer keeps, per promotion, where its announcement is, when it was
// last updated and the content still to send.
type announcer struct {
	b *Bot

	mu   sync.Mutex
	msgs map[string]*message // by promotion ID
	wg   sync.WaitGroup      // scheduled flushes
}

// message is one announcement's state. mu serialises its Slack calls.
type message struct {
	mu         sync.Mutex
	ref        deploy.MessageRef
	details    deploy.NoticeDetails
	lastUpdate time.Time // by the bot's clock
	lastLine   string
	pending    *announcement
	timer      *time.Timer
}

func newAnnouncer(b *Bot) *announcer {
	return &announcer{b: b, msgs: map[string]*message{}}
}

// get returns the state of promotion p's announcement.
func (a *announcer) get(p deploy.Promotion) *message {
	a.mu.Lock()
	defer a.mu.Unlock()
	m, ok := a.msgs[p.ID]
	if !ok {
		m = &message{}
		a.msgs[p.ID] = m
	}
	return m
}

func (a *announcer) notify(ctx context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	m := a.get(n.Promotion)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ref.TS == "" {
		m.ref = n.Promotion.Slack
	}
	m.details = mergeDetails(m.details, n.Details)
	v := newView(a.b.cfg, n, m.details)
	v.Rollback = a.b.rolledBackBy(ctx, n.Promotion)
	ann := render(v)
	if m.ref.TS == "" {
		if n.Kind == deploy.NoticeBlocked {
			return deploy.MessageRef{}, nil
		}
		ref, found, err := a.b.post(ctx, a.b.cfg.Slack.Channel, n.Promotion, ann)
		if err != nil {
			return ref, err
		}
		m.ref, m.lastUpdate = ref, a.b.now()
		if found {
			a.sendLocked(ctx, m, ann) // it says what it said when the earlier run stopped
		}
	} else {
		a.scheduleLocked(ctx, m, ann)
	}
	if n.Line != "" && n.Line != m.lastLine {
		if err := a.b.threadLine(ctx, m.ref, n); err != nil {
			a.b.log.Warn("thread line failed", "promotion", n.Promotion.ID, "err", err)
		} else {
			m.lastLine = n.Line
		}
	}
	if n.Promotion.State.Final() && m.timer == nil {
		a.forget(n.Promotion.ID, m)
	}
	return m.ref, nil
}

// forget drops the state of a finished promotion's announcement; a later
// notice (a rollback of a failed one) starts again from Promotion.Slack.
func (a *announcer) forget(id string, m *message) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.msgs[id] == m {
		delete(a.msgs, id)
	}
}

// scheduleLocked sends ann now when the last update is UpdateEvery old,
// else keeps it as the pending content and makes sure a flush is
// scheduled for when the interval is over; m.mu must be held.
func (a *announcer) scheduleLocked(ctx context.Context, m *message, ann announcement) {
	every := a.b.opts.UpdateEvery
	since := a.b.now().Sub(m.lastUpdate)
	if since >= every || since < 0 {
		if m.timer != nil && m.timer.Stop() {
			m.timer = nil
			a.wg.Done()
		}
		if m.timer == nil {
			a.sendLocked(ctx, m, ann)
			return
		}
	}
	m.pending = &ann
	if m.timer != nil {
		return
	}
	a.wg.Add(1)
	m.timer = time.AfterFunc(every-since, func() {
		defer a.wg.Done()
		a.flush(m)
	})
}

// flush sends m's pending content, if any.
func (a *announcer) flush(m *message) {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.timer = nil
	if m.pending != nil {
		a.sendLocked(ctx, m, *m.pending)
	}
}

// sendLocked updates the message now; m.mu must be held.
func (a *announcer) sendLocked(ctx context.Context, m *message, ann announcement) {
	m.pending = nil
	m.lastUpdate = a.b.now()
	if err := a.b.update(ctx, m.ref, ann); err != nil {
		a.b.log.Warn("announcement update failed", "channel", m.ref.Channel, "ts", m.ref.TS, "err", err)
	}
}

// wait flushes every scheduled update now and waits for running ones.
func (a *announcer) wait() {
	a.mu.Lock()
	var due []*message
	for _, m := range a.msgs {
		due = append(due, m)
	}
	a.mu.Unlock()
	for _, m := range due {
		m.mu.Lock()
		t := m.timer
		m.mu.Unlock()
		if t != nil && t.Stop() {
			a.flush(m)
			a.wg.Done()
		}
	}
	a.wg.Wait()
}
