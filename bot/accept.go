package bot

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

const (
	// intakeBuffer is how many envelopes may wait for the intake.
	intakeBuffer = 1024
	// maxGroup is the most envelopes committed in one transaction.
	maxGroup = 256
	// envelopeKeyTTL is how long an envelope ID is remembered; Slack
	// retries within minutes.
	envelopeKeyTTL = time.Hour
)

// Replies of the intake.
const (
	msgAlreadyDone = "Already done: this is a repeat of a request deploybot already took, so nothing more was done."
	msgWentWrong   = "Something went wrong, nothing was changed."
)

// acceptLoop takes envelopes from the intake until ctx ends: each time
// the first waiting one and every other already waiting (at most
// maxGroup), committed together, so a burst costs a few commits rather
// than one per envelope.
func (b *Bot) acceptLoop(ctx context.Context, intake <-chan envelope, w *workers) {
	for {
		select {
		case <-ctx.Done():
			return
		case env := <-intake:
			group := []envelope{env}
		more:
			for len(group) < maxGroup {
				select {
				case env := <-intake:
					group = append(group, env)
				default:
					break more
				}
			}
			b.accept(ctx, group, w)
		}
	}
}

// accept claims each envelope's de-duplication keys and records its job,
// all in one transaction, acks the envelopes once that is on disk and
// then queues their jobs; a repeat is acked and answered "already done".
// When the commit fails no envelope is acked: Slack delivers them again
// (or tells the person the command failed), and the failure is logged.
func (b *Bot) accept(ctx context.Context, group []envelope, w *workers) {
	now := b.now()
	batch := make([]Accept, 0, len(group))
	for _, env := range group {
		batch = append(batch, Accept{Job: b.jobOf(env, now), Claims: b.dedupKeys(env)})
	}
	res, err := b.queue.AcceptJobs(batch, now)
	if err != nil {
		for _, env := range group {
			b.log.Error("recording a job failed; the envelope is not acked, so Slack delivers it again",
				"envelope", env.ID, "kind", env.Kind, "err", err)
		}
		return
	}
	for i, env := range group {
		b.accepted(ctx, env, batch[i].Job, res[i], w)
	}
}

// jobOf is env's job, accepted at now.
func (b *Bot) jobOf(env envelope, now time.Time) Job {
	payload, err := json.Marshal(env.Work)
	if err != nil { // work is strings only
		b.log.Error("encoding a job failed", "envelope", env.ID, "err", err)
	}
	return Job{ID: env.ID, Kind: env.Kind, Payload: payload, CreatedAt: now, Attempts: 1}
}

// accepted acks env, whose commit is done, and queues what follows.
func (b *Bot) accepted(ctx context.Context, env envelope, job Job, res Accepted, w *workers) {
	if res.Err != nil {
		b.log.Error("a job could not be recorded; the envelope is not acked", "envelope", env.ID, "kind", env.Kind, "err", res.Err)
		return
	}
	if env.ack != nil {
		env.ack()
	}
	if !res.Fresh {
		b.log.Info("duplicate request answered as already done", "envelope", env.ID, "kind", env.Kind, "user", env.Work.User)
		to := env.Work.replyTo()
		w.submit(ctx, func(ctx context.Context) { b.reply(ctx, to, msgAlreadyDone) })
		return
	}
	w.submit(ctx, func(ctx context.Context) { b.runJob(ctx, job) })
}

// dedupKeys are the keys whose earlier claim makes env a repeat: its
// envelope ID, and the business key of a command that changes something
// (person + what it asks) or of a click (promotion + button + person).
func (b *Bot) dedupKeys(env envelope) []Claim {
	keys := []Claim{{Key: "slack-envelope:" + env.ID, TTL: envelopeKeyTTL}}
	w := env.Work
	switch env.Kind {
	case jobCommand:
		if k, ok := b.commandKey(w); ok {
			keys = append(keys, Claim{Key: k, TTL: b.opts.DedupWindow})
		}
	case jobAction:
		k := strings.Join([]string{"slack-click", w.Value, actionKind(w.ActionID), w.User}, ":")
		keys = append(keys, Claim{Key: k, TTL: b.opts.DedupWindow})
	}
	return keys
}

// commandKey is the business key of a command that changes something:
// the person and what they ask for. ok is false for other commands.
func (b *Bot) commandKey(w work) (key string, ok bool) {
	c := parseCommand(b.cfg, w.Command, w.Text)
	if !c.mutates() {
		return "", false
	}
	return strings.Join([]string{"slack-command", w.User, c.Op, c.Service, string(c.Version), c.Env}, ":"), true
}

// forgetCommand releases the business key of r's command after a
// dependency failed it before anything was recorded, so that the "try
// again" the person reads is not answered "Already done".
func (b *Bot) forgetCommand(r run, p deploy.Promotion, err error) {
	if p.ID != "" || !fault.Transient(err) {
		return
	}
	k, ok := b.commandKey(r.work)
	if !ok {
		return
	}
	if rerr := b.queue.ReleaseKey(k); rerr != nil {
		b.log.Warn("releasing a failed command's de-duplication key failed; a retry within the window is answered as a repeat",
			"job", r.job.ID, "err", rerr)
	}
}
