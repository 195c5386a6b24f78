package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
)

// maxRateLimitWaits bounds how often one call waits for Retry-After.
const maxRateLimitWaits = 5

// retry runs call, waiting out Slack's Retry-After and trying again when
// it answers 429, at most maxRateLimitWaits times. It returns call's last
// error classified by slackFail (unavailable, rate limited, unauthorised,
// …), or ctx's error when ctx ends during a wait.
func (b *Bot) retry(ctx context.Context, method string, call func() error) error {
	for i := 0; ; i++ {
		err := call()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || i >= maxRateLimitWaits {
			return slackFail(method, err)
		}
		wait := max(rl.RetryAfter, 100*time.Millisecond)
		b.log.Warn("slack rate limited; waiting", "method", method, "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: waiting for Retry-After: %w", method, ctx.Err())
		case <-t.C:
		}
	}
}

// ephemeral shows text (and optional blocks) to user only, in channel. It
// returns Slack's error after retries.
func (b *Bot) ephemeral(ctx context.Context, channel, user, text string, blocks ...slack.Block) error {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	return b.retry(ctx, "chat.postEphemeral", func() error {
		_, err := b.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// reply shows text to the person behind r; a failure is logged, since
// there is nobody else to tell.
func (b *Bot) reply(ctx context.Context, r replyTo, text string, blocks ...slack.Block) {
	if r.User == "" || r.Channel == "" {
		return
	}
	if err := b.ephemeral(ctx, r.Channel, r.User, text, blocks...); err != nil {
		b.log.Error("ephemeral reply failed", "channel", r.Channel, "user", r.User, "err", err)
	}
}

// replyTo is where an ephemeral answer goes.
type replyTo struct {
	Channel string `json:"channel"`
	User    string `json:"user"`
}
