package bot

import (
	"context"
	"encoding/json"
	"runtime/debug"
	"sync"
)

// maxAttempts is how often a job is started before a restart gives up on
// it (it probably crashes deploybot).
const maxAttempts = 3

// queueSize is how many tasks may wait for a worker.
const queueSize = 4096

// task is one piece of work for a worker.
type task func(ctx context.Context)

// workers run tasks, Options.Workers at a time.
type workers struct {
	q  chan task
	wg sync.WaitGroup
}

// startWorkers starts the workers; they stop when ctx ends, leaving
// unstarted jobs in the queue for the next run.
func (b *Bot) startWorkers(ctx context.Context) *workers {
	w := &workers{q: make(chan task, queueSize)}
	for range b.opts.Workers {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case t := <-w.q:
					// select picks at random when both are ready: once
					// ctx is done, leave queued jobs for the next run.
					if ctx.Err() != nil {
						return
					}
					t(ctx)
				}
			}
		}()
	}
	return w
}

// submit queues t unless ctx ends first.
func (w *workers) submit(ctx context.Context, t task) {
	select {
	case w.q <- t:
	case <-ctx.Done():
	}
}

// stop waits for running tasks to return.
func (w *workers) stop() { w.wg.Wait() }

// resume queues the jobs a previous run left unfinished.
func (b *Bot) resume(ctx context.Context, w *workers) {
	jobs, err := b.queue.Jobs()
	if err != nil {
		b.log.Error("reading unfinished jobs failed; they are not run again", "err", err)
		return
	}
	for _, j := range jobs {
		if j.Attempts >= maxAttempts {
			b.log.Error("dropping a job that was started too often", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts)
			b.deleteJob(j.ID)
			continue
		}
		j.Attempts++
		if err := b.queue.PutJob(j); err != nil {
			b.log.Error("recording a job attempt failed", "job", j.ID, "err", err)
		}
		b.log.Info("running an unfinished job again", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
		w.submit(ctx, func(ctx context.Context) { b.runJob(ctx, j) })
	}
}

// runJob does job j and deletes it, unless the bot is stopping (then the
// next run does it again). A panic is logged, answered and ends the job.
func (b *Bot) runJob(ctx context.Context, j Job) {
	var wk work
	if err := json.Unmarshal(j.Payload, &wk); err != nil {
		b.log.Error("undecodable job dropped", "job", j.ID, "err", err)
		b.deleteJob(j.ID)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic in a Slack handler; the bot goes on", "job", j.ID, "kind", j.Kind,
				"panic", r, "stack", string(debug.Stack()))
			b.reply(context.WithoutCancel(ctx), wk.replyTo(), msgWentWrong)
			b.deleteJob(j.ID)
		}
	}()
	r := run{job: j, work: wk}
	switch {
	case wk.Answer != "":
		b.log.Info("job finished before a restart; repeating its answer", "job", j.ID, "promotion", wk.PromotionID)
		b.reply(ctx, wk.replyTo(), wk.Answer)
	case (j.Kind == jobCommand || j.Kind == jobAction) && b.refuseForeign(ctx, wk):
		// from another workspace: refused and answered
	case j.Kind == jobCommand:
		b.runCommand(ctx, r)
	case j.Kind == jobAction:
		b.runAction(ctx, r)
	}
	if ctx.Err() == nil {
		b.deleteJob(j.ID)
	}
}

func (b *Bot) deleteJob(id string) {
	if err := b.queue.DeleteJob(id); err != nil {
		b.log.Error("deleting a finished job failed; it may run again after a restart", "job", id, "err", err)
	}
}
