package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// event handles one socketmode event. Envelopes are acked first and then
// handed to the intake; connection events are logged. It returns an error
// only for a connection that can't work (a refused token).
func (b *Bot) event(ctx context.Context, smc *socketmode.Client, evt socketmode.Event, intake chan<- envelope) error {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			start := time.Now()
			smc.Ack(*evt.Request)
			if b.opts.OnAck != nil {
				b.opts.OnAck(time.Since(start))
			}
		}
		b.live.touch()
		if env, ok := envelopeOf(evt); ok {
			select {
			case intake <- env:
			case <-ctx.Done():
			}
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
