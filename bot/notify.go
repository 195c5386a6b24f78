package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

var _ deploy.Notifier = (*Bot)(nil)

// Notify tells the channel about n: the first notice of a promotion posts
// its announcement in Config.Slack.Channel; later ones update that message
// in place (at most once per UpdateEvery, the latest content winning) and
// every notice with a Line adds it, with the time, to the message's
// thread. A blocked request that was never announced is not posted: the
// person who asked was told ephemerally. It returns the announcement's
// location, or Slack's error when the first post fails (thread and update
// failures are logged, so the engine does not repeat the notice).
func (b *Bot) Notify(ctx context.Context, n deploy.Notice) (deploy.MessageRef, error) {
	return b.notices.notify(ctx, n)
}

// post posts a new announcement and returns where it is.
func (b *Bot) post(ctx context.Context, channel string, a announcement) (deploy.MessageRef, error) {
	var ref deploy.MessageRef
	err := b.retry(ctx, "chat.postMessage", func() error {
		ch, ts, err := b.api.PostMessageContext(ctx, channel,
			slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
		ref = deploy.MessageRef{Channel: ch, TS: ts}
		return err
	})
	if err != nil {
		return deploy.MessageRef{}, fmt.Errorf("post announcement in %s: %w", channel, err)
	}
	return ref, nil
}

// update replaces the announcement at ref.
func (b *Bot) update(ctx context.Context, ref deploy.MessageRef, a announcement) error {
	return b.retry(ctx, "chat.update", func() error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, ref.Channel, ref.TS,
			slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
		return err
	})
}

// threadLine adds "14:02 UTC · line" under the announcement at ref.
func (b *Bot) threadLine(ctx context.Context, ref deploy.MessageRef, line string) error {
	text := clockTime(b.now()) + " · " + line
	return b.retry(ctx, "chat.postMessage", func() error {
		_, _, err := b.api.PostMessageContext(ctx, ref.Channel, slack.MsgOptionTS(ref.TS),
			slack.MsgOptionText(text, false))
		return err
	})
}

// rolledBackBy returns the rollback promotion that undid p, or nil when p
// is not rolled back or the store does not have it (logged).
func (b *Bot) rolledBackBy(p deploy.Promotion) *deploy.Promotion {
	if p.State != deploy.StateRolledBack || p.RolledBackBy == "" {
		return nil
	}
	rb, err := b.store.GetPromotion(p.RolledBackBy)
	if err != nil {
		b.log.Warn("reading the rollback of a promotion failed; announcing without it",
			"promotion", p.ID, "rollback", p.RolledBackBy, "err", err)
		return nil
	}
	return &rb
}
