package bot

import (
	"context"
	"encoding/json"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// recentForReplay is how many recent promotions of a pair are searched
// for the one a job created.
const recentForReplay = 20

// run is one run of a stored job: the job as stored and its work.
type run struct {
	job  Job
	work work
}

// replayed reports whether an earlier run of the job started (and may
// have reached the engine) before a restart.
func (r run) replayed() bool { return r.job.Attempts > 1 }

// target describes the promotion a job asks the engine for, so a replay
// can recognise it among the engine's promotions.
type target struct {
	kind       deploy.Kind
	service    string
	env        string
	version    deploy.Version // "" matches any version
	rollbackOf string         // "" matches any promotion
}

// matches reports whether p is what t asks for, requested by r's person
// since r's job was accepted.
func (t target) matches(p deploy.Promotion, r run) bool {
	return p.Kind == t.kind && p.Requester == r.work.User && !p.CreatedAt.Before(r.job.CreatedAt) &&
		(t.version == "" || p.Version == t.version || p.RequestedRef == string(t.version)) &&
		(t.rollbackOf == "" || p.RollbackOf == t.rollbackOf)
}

// rollbackTarget is the rollback a click on promotion id's Rollback
// button asks for; ok is false when id is unknown.
func (b *Bot) rollbackTarget(ctx context.Context, id string) (target, bool) {
	of, err := b.engine.Promotion(ctx, id)
	if err != nil {
		return target{}, false
	}
	return target{kind: deploy.KindRollback, service: of.Service, env: of.Env, rollbackOf: of.ID}, true
}

// createdBy returns the promotion job r created, if the engine has one:
// t, requested by r's person since r's job was accepted.
func (b *Bot) createdBy(ctx context.Context, r run, t target) (deploy.Promotion, bool) {
	if t.service == "" || t.env == "" {
		return deploy.Promotion{}, false
	}
	ps, err := b.engine.Latest(ctx, t.service, t.env, recentForReplay)
	if err != nil {
		b.log.Warn("looking for a job's promotion failed", "job", r.job.ID, "err", err)
		return deploy.Promotion{}, false
	}
	for _, p := range ps {
		if t.matches(p, r) {
			return p, true
		}
	}
	return deploy.Promotion{}, false
}

// engineOnce calls the engine for r at most once per promotion: a replay
// whose promotion exists answers with it, and a conflict with a promotion
// this very job created (an earlier run, or the engine racing itself)
// counts as that promotion's outcome, not a refusal.
func (b *Bot) engineOnce(ctx context.Context, r run, t target, call func() (deploy.Promotion, error)) (deploy.Promotion, error) {
	if r.replayed() {
		if p, ok := b.createdBy(ctx, r, t); ok {
			b.log.Info("replayed job's promotion exists; not asking the engine again", "job", r.job.ID, "promotion", p.ID)
			return p, nil
		}
	}
	p, err := call()
	if fault.ErrorCode(err) != fault.CodeConflict {
		return p, err
	}
	if q, ok := b.createdBy(ctx, r, t); ok && took(q) {
		b.log.Info("engine conflict with this job's own promotion; answering its outcome", "job", r.job.ID,
			"promotion", q.ID, "err", err)
		return q, nil
	}
	return p, err
}

// took reports whether p got past its request: a blocked promotion, or
// one cancelled because its pull request could not be opened, is the
// record of a refusal the engine also returned.
func took(p deploy.Promotion) bool {
	return p.State != deploy.StateBlocked && p.State != deploy.StateCancelled
}

// finish records the answer to r on its job and shows it to the person;
// a replay after a restart then repeats the answer (see runJob).
func (b *Bot) finish(ctx context.Context, r run, promotionID, answer string) {
	r.work.PromotionID, r.work.Answer = promotionID, answer
	if payload, err := json.Marshal(r.work); err == nil {
		j := r.job
		j.Payload = payload
		if err := b.queue.PutJob(j); err != nil {
			b.log.Warn("recording a job's answer failed; a replay asks the engine again", "job", j.ID, "err", err)
		}
	}
	b.reply(ctx, r.work.replyTo(), answer)
}
