package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/deploybot/deploybot/store"
)

const (
	// intakeBuffer is how many acked envelopes may wait for the intake.
	intakeBuffer = 1024
	// envelopeKeyTTL is how long an envelope ID is remembered; Slack
	// retries within minutes.
	envelopeKeyTTL = time.Hour
)

// Replies of the intake.
const (
	msgAlreadyDone = "Already done: this is a repeat of a request deploybot already took, so nothing more was done."
	msgWentWrong   = "Something went wrong, nothing was changed."
)

// errDuplicate rolls back the intake transaction of a repeat.
var errDuplicate = errors.New("duplicate")

// acceptLoop takes acked envelopes in order until ctx ends.
func (b *Bot) acceptLoop(ctx context.Context, intake <-chan envelope, w *workers) {
	for {
		select {
		case <-ctx.Done():
			return
		case env := <-intake:
			b.accept(ctx, env, w)
		}
	}
}

// accept claims the envelope's de-duplication keys and records its job in
// one transaction, then queues the job; a repeat is answered "already
// done" instead.
func (b *Bot) accept(ctx context.Context, env envelope, w *workers) {
	payload, err := json.Marshal(env.Work)
	if err != nil {
		b.log.Error("encoding a job failed", "envelope", env.ID, "err", err)
		return
	}
	job := store.Job{ID: env.ID, Kind: env.Kind, Payload: payload, CreatedAt: b.now(), Attempts: 1}
	now := b.now()
	err = b.store.Update(func(tx *store.Tx) error {
		for _, k := range b.dedupKeys(env) {
			claimed, err := tx.ClaimKey(k.key, k.ttl, now)
			if err != nil {
				return err
			}
			if !claimed {
				return errDuplicate
			}
		}
		return tx.PutJob(job)
	})
	to := env.Work.replyTo()
	switch {
	case errors.Is(err, errDuplicate):
		b.log.Info("duplicate request answered as already done", "envelope", env.ID, "kind", env.Kind, "user", env.Work.User)
		w.submit(ctx, func(ctx context.Context) { b.reply(ctx, to, msgAlreadyDone) })
	case err != nil:
		b.log.Error("recording a job failed; nothing done", "envelope", env.ID, "err", err)
		w.submit(ctx, func(ctx context.Context) { b.reply(ctx, to, msgWentWrong) })
	default:
		w.submit(ctx, func(ctx context.Context) { b.runJob(ctx, job) })
	}
}

// dedupKey is a store.ClaimKey key with its lifetime.
type dedupKey struct {
	key string
	ttl time.Duration
}

// dedupKeys are the keys whose earlier claim makes env a repeat: its
// envelope ID, and the business key of a command that changes something
// (person + what it asks) or of a click (promotion + button + person).
func (b *Bot) dedupKeys(env envelope) []dedupKey {
	keys := []dedupKey{{"slack-envelope:" + env.ID, envelopeKeyTTL}}
	w := env.Work
	switch env.Kind {
	case jobCommand:
		c := parseCommand(b.cfg, w.Command, w.Text)
		if c.mutates() {
			k := strings.Join([]string{"slack-command", w.User, c.Op, c.Service, string(c.Version), c.Env}, ":")
			keys = append(keys, dedupKey{k, b.opts.DedupWindow})
		}
	case jobAction:
		k := strings.Join([]string{"slack-click", w.Value, w.ActionID, w.User}, ":")
		keys = append(keys, dedupKey{k, b.opts.DedupWindow})
	}
	return keys
}
