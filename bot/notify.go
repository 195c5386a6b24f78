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

// post posts promotion p's announcement in channel and returns where it
// is. When an earlier run may have posted it already (see mayHavePosted)
// it first looks for that post in the channel's history: found is true
// and nothing is posted when it is there, and the caller updates it. It
// returns Slack's error when the post fails, or when the history cannot
// be read for any reason but a missing scope (then it posts, logged).
func (b *Bot) post(ctx context.Context, channel string, p deploy.Promotion, a announcement) (ref deploy.MessageRef, found bool, err error) {
	k := announcementKey(p.ID)
	if b.mayHavePosted(k) {
		ref, found, err := b.findAnnouncement(ctx, channel, k, p.CreatedAt)
		switch {
		case found:
			b.log.Info("an earlier run posted this announcement; updating it instead of posting again",
				"promotion", p.ID, "channel", ref.Channel, "ts", ref.TS)
			return ref, true, nil
		case isMissingScope(err):
			b.log.Error("cannot look for an earlier announcement: add the channels:history (public channel) or "+
				"groups:history (private channel) scope to the Slack app; posting, which may repeat it",
				"promotion", p.ID, "err", err)
		case err != nil:
			return deploy.MessageRef{}, false, fmt.Errorf("look for an earlier announcement of %s: %w", p.ID, err)
		}
	}
	err = b.retry(ctx, "chat.postMessage", func() error {
		ch, ts, err := b.api.PostMessageContext(ctx, channel, k.metadata(),
			slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
		ref = deploy.MessageRef{Channel: ch, TS: ts}
		return err
	})
	if err != nil {
		return deploy.MessageRef{}, false, fmt.Errorf("post announcement in %s: %w", channel, err)
	}
	return ref, false, nil
}

// update replaces the announcement at ref.
func (b *Bot) update(ctx context.Context, ref deploy.MessageRef, a announcement) error {
	return b.retry(ctx, "chat.update", func() error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, ref.Channel, ref.TS,
			slack.MsgOptionText(a.Text, false), slack.MsgOptionBlocks(a.Blocks...))
		return err
	})
}

// threadLine adds "14:02 UTC · n.Line" under the announcement at ref. A
// loud notice (see broadcast) is also sent to the channel, as Slack's
// reply_broadcast does. A line that reports the promotion entering its
// state (see entering) is recoverable: it carries metadata naming the
// promotion and the state, and when an earlier run may have posted it
// (see mayHavePosted) and the thread has it, nothing is posted. It
// returns Slack's error after retries.
func (b *Bot) threadLine(ctx context.Context, ref deploy.MessageRef, n deploy.Notice) error {
	p := n.Promotion
	text := clip(clockTime(b.now())+" · "+n.Line, maxThreadLine)
	opts := []slack.MsgOption{slack.MsgOptionTS(ref.TS), slack.MsgOptionText(text, false)}
	if broadcast(n.Kind) {
		opts = append(opts, slack.MsgOptionBroadcast())
	}
	if entering(n) {
		k := replyKey(p.ID, p.State)
		opts = append(opts, k.metadata())
		if b.mayHavePosted(k) {
			found, err := b.findReply(ctx, ref, k)
			if found {
				b.log.Info("an earlier run posted this thread line; not posting it again",
					"promotion", p.ID, "state", p.State)
				return nil
			}
			if err != nil {
				b.log.Warn("cannot look for an earlier thread line; posting, which may repeat it",
					"promotion", p.ID, "state", p.State, "err", err)
			}
		}
	}
	return b.retry(ctx, "chat.postMessage", func() error {
		_, _, err := b.api.PostMessageContext(ctx, ref.Channel, opts...)
		return err
	})
}

// maxThreadLine bounds a thread line, in characters: a line can carry an
// unbounded reason, and Slack advises at most 4,000 characters of text.
const maxThreadLine = 4000

// broadcast reports whether notices of kind are loud enough for the
// channel as well as the thread: only the alert of a merge without the
// required approvals. A change of the approvals is a plain thread line.
func broadcast(kind deploy.NoticeKind) bool {
	return kind == deploy.NoticeUnapprovedMerge
}

// rolledBackBy returns the rollback promotion that undid p, or nil when p
// is not rolled back or the engine does not have it (logged).
func (b *Bot) rolledBackBy(ctx context.Context, p deploy.Promotion) *deploy.Promotion {
	if p.State != deploy.StateRolledBack || p.RolledBackBy == "" {
		return nil
	}
	rb, err := b.engine.Promotion(ctx, p.RolledBackBy)
	if err != nil {
		b.log.Warn("reading the rollback of a promotion failed; announcing without it",
			"promotion", p.ID, "rollback", p.RolledBackBy, "err", err)
		return nil
	}
	return &rb
}
