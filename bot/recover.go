package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
)

// Posts whose ts deploybot keeps are made recoverable: each carries
// Slack message metadata naming the promotion, and its intent is recorded
// in the queue (a claimed key) just before it is posted. When the intent
// was already there, an earlier run (killed before the engine stored the
// ts) may have posted it, so the bot looks for that post in the channel's
// history or the thread before posting again.
const (
	// metaEventType is the event_type of deploybot's message metadata.
	metaEventType = "deploybot_promotion"
	// Values of the payload's "kind".
	metaAnnouncement = "announcement"
	metaThreadReply  = "thread_reply"
	// postIntentTTL is how long a post's intent is remembered.
	postIntentTTL = 30 * 24 * time.Hour
	// historyPageSize and maxHistoryPages bound the search for an earlier
	// post: at most 1000 messages since the promotion was created.
	historyPageSize = 200
	maxHistoryPages = 5
	// historySkew allows for deploybot's clock running ahead of Slack's.
	historySkew = 5 * time.Minute
)

// postKey names one recoverable post: a promotion's announcement, or the
// thread reply that reports its entering state.
type postKey struct {
	promotion string
	kind      string       // metaAnnouncement or metaThreadReply
	state     deploy.State // thread replies only
}

func announcementKey(id string) postKey { return postKey{promotion: id, kind: metaAnnouncement} }

func replyKey(id string, s deploy.State) postKey {
	return postKey{promotion: id, kind: metaThreadReply, state: s}
}

// intent is the de-duplication key recorded before posting k.
func (k postKey) intent() string {
	if k.kind == metaAnnouncement {
		return "slack-post:" + k.promotion + ":announcement"
	}
	return "slack-post:" + k.promotion + ":reply:" + string(k.state)
}

// metadata is the message metadata k's post carries.
func (k postKey) metadata() slack.MsgOption {
	payload := map[string]any{"promotion_id": k.promotion, "kind": k.kind}
	if k.state != "" {
		payload["state"] = string(k.state)
	}
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metaEventType, EventPayload: payload})
}

// matches reports whether m is k's post, by this bot when botID is known.
func (k postKey) matches(m slack.Message, botID string) bool {
	if m.Metadata.EventType != metaEventType || (botID != "" && m.BotID != botID) {
		return false
	}
	p := m.Metadata.EventPayload
	return p["promotion_id"] == k.promotion && p["kind"] == k.kind &&
		(k.state == "" || p["state"] == string(k.state))
}

// mayHavePosted records the intent to post k and reports whether an
// earlier run recorded it already, so its post may exist. A queue error
// counts as "may have" (logged): looking costs one call, a second post
// costs a second story.
func (b *Bot) mayHavePosted(k postKey) bool {
	claimed, err := b.queue.ClaimKey(k.intent(), postIntentTTL, b.now())
	if err != nil {
		b.log.Warn("recording a post's intent failed; looking for an earlier post first",
			"promotion", k.promotion, "post", k.kind, "err", err)
		return true
	}
	return !claimed
}

// findAnnouncement looks in channel's history since the promotion was
// created for k's announcement. It returns Slack's error (after
// Retry-After waits) when the history cannot be read.
func (b *Bot) findAnnouncement(ctx context.Context, channel string, k postKey, since time.Time) (deploy.MessageRef, bool, error) {
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: historyPageSize,
		IncludeAllMetadata: true}
	if !since.IsZero() {
		params.Oldest = slackTS(since.Add(-historySkew))
	}
	botID := b.botUser()
	for range maxHistoryPages {
		var res *slack.GetConversationHistoryResponse
		err := b.retry(ctx, "conversations.history", func() error {
			var err error
			res, err = b.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return deploy.MessageRef{}, false, fmt.Errorf("read the history of %s: %w", channel, err)
		}
		for _, m := range res.Messages {
			if k.matches(m, botID) {
				return deploy.MessageRef{Channel: channel, TS: m.Timestamp}, true, nil
			}
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			return deploy.MessageRef{}, false, nil
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	b.log.Warn("no earlier announcement in the most recent messages; posting a new one",
		"promotion", k.promotion, "channel", channel, "searched", historyPageSize*maxHistoryPages)
	return deploy.MessageRef{}, false, nil
}

// findReply looks in the thread under ref for k's reply. It returns
// Slack's error when the thread cannot be read.
func (b *Bot) findReply(ctx context.Context, ref deploy.MessageRef, k postKey) (bool, error) {
	params := &slack.GetConversationRepliesParameters{ChannelID: ref.Channel, Timestamp: ref.TS,
		Limit: historyPageSize, IncludeAllMetadata: true}
	botID := b.botUser()
	for range maxHistoryPages {
		var msgs []slack.Message
		var more bool
		var next string
		err := b.retry(ctx, "conversations.replies", func() error {
			var err error
			msgs, more, next, err = b.api.GetConversationRepliesContext(ctx, params)
			return err
		})
		if err != nil {
			return false, fmt.Errorf("read the thread %s/%s: %w", ref.Channel, ref.TS, err)
		}
		for _, m := range msgs {
			if k.matches(m, botID) {
				return true, nil
			}
		}
		if !more || next == "" {
			return false, nil
		}
		params.Cursor = next
	}
	return false, nil
}

// isMissingScope reports whether Slack refused a call for a scope the app
// lacks (channels:history, groups:history).
func isMissingScope(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && se.Err == "missing_scope"
}

// slackTS formats t as a Slack timestamp.
func slackTS(t time.Time) string {
	us := t.UnixMicro()
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// botUser returns the bot's bot ID from auth.test, or "" before it.
func (b *Bot) botUser() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.botID
}

// enteringKinds lists, for each state, the notices that report entering
// it: the thread line the engine repeats, from what the promotion
// records, when a crash came between the notice and its record.
var enteringKinds = map[deploy.State][]deploy.NoticeKind{
	deploy.StatePROpen:     {deploy.NoticePlanned},
	deploy.StateApproved:   {deploy.NoticeApproved},
	deploy.StateMerged:     {deploy.NoticeMerged, deploy.NoticeUnapprovedMerge},
	deploy.StateSyncing:    {deploy.NoticeSyncStarted},
	deploy.StateWatching:   {deploy.NoticeDeployed},
	deploy.StateSucceeded:  {deploy.NoticeWindowEnded},
	deploy.StateBlocked:    {deploy.NoticeBlocked},
	deploy.StateCancelled:  {deploy.NoticeCancelled},
	deploy.StateSuperseded: {deploy.NoticeSuperseded},
	deploy.StateFailed:     {deploy.NoticeFailed, deploy.NoticeDegraded},
	deploy.StateRolledBack: {deploy.NoticeRolledBack},
}

// entering reports whether n reports its promotion entering its state
// and that state is not yet recorded as notified: its thread line is the
// one a repeat after a crash would post again.
func entering(n deploy.Notice) bool {
	p := n.Promotion
	return p.Notified != p.State && slices.Contains(enteringKinds[p.State], n.Kind)
}
