package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// event handles one socketmode event. Envelopes the bot acts on go to the
// intake, which acks each once its job is on disk; others are acked at
// once. Connection events are logged. It returns an error
// only for a connection that can't work (a refused token).
func (b *Bot) event(ctx context.Context, smc *socketmode.Client, evt socketmode.Event, intake chan<- envelope) error {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		b.live.touch()
		ack := b.acker(smc, evt.Request)
		env, ok := envelopeOf(evt)
		if !ok {
			ack() // nothing to record: a view submission or another interaction
			return nil
		}
		env.ack = ack
		select {
		case intake <- env:
		case <-ctx.Done():
		}
	case socketmode.EventTypeHello:
		b.live.touch()
	case socketmode.EventTypeConnecting:
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnected:
		b.live.touch()
		b.log.Info("connected to Slack")
	case socketmode.EventTypeConnectionError:
		return b.connectionError(evt)
	case socketmode.EventTypeInvalidAuth:
		return b.appTokenError(errInvalidAuth)
	}
	return nil
}

// errInvalidAuth stands for socketmode's InvalidAuth event, which carries
// no error.
var errInvalidAuth = slack.SlackErrorResponse{Err: "invalid_auth"}

// connectionError logs a failed connection attempt (socketmode retries
// with backoff) and stops on a token Slack will never accept.
func (b *Bot) connectionError(evt socketmode.Event) error {
	ce, _ := evt.Data.(*slack.ConnectionErrorEvent)
	if ce == nil {
		return nil
	}
	if isAuthError(ce.ErrorObj) {
		return b.appTokenError(ce.ErrorObj)
	}
	b.log.Warn("connecting to Slack failed; retrying", "attempt", ce.Attempt, "backoff", ce.Backoff, "err", ce.ErrorObj)
	return nil
}

// acker returns the function that acks req (nothing for a request without
// an envelope ID) and reports the time since now to Options.OnAck: from
// the event loop taking the envelope to its ack being handed to the
// socket, the job's commit included.
func (b *Bot) acker(smc *socketmode.Client, req *socketmode.Request) func() {
	start := time.Now()
	return func() {
		if req == nil || req.EnvelopeID == "" {
			return
		}
		smc.Ack(*req)
		if b.opts.OnAck != nil {
			b.opts.OnAck(time.Since(start))
		}
	}
}
