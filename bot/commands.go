package bot

import (
	"context"
	"fmt"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// runCommand does a slash command and answers the person ephemerally.
func (b *Bot) runCommand(ctx context.Context, r run) {
	w := r.work
	to := w.replyTo()
	c := parseCommand(b.cfg, w.Command, w.Text)
	if c.Err != "" {
		b.refuseCheap(ctx, w, c.Err)
		b.reply(ctx, to, c.Err)
		return
	}
	switch c.Op {
	case opHelp:
		b.reply(ctx, to, helpText(b.cfg))
	case opStatus:
		b.status(ctx, to, c.Service)
	case opPromote:
		b.promote(ctx, r, c)
	case opRollback:
		b.rollback(ctx, r, c)
	case opRollbackMenu:
		b.rollbackMenu(ctx, to)
	}
}

// promote asks the engine for the promotion c names, once per job.
func (b *Bot) promote(ctx context.Context, r run, c command) {
	w := r.work
	req := deploy.Request{Service: c.Service, Version: c.Version, Env: c.Env,
		Requester: b.person(ctx, w.User), Reason: "requested in Slack with " + w.Command + " " + w.Text}
	t := target{kind: deploy.KindPromote, service: c.Service, env: c.Env, version: c.Version}
	p, err := b.engineOnce(ctx, r, t, func() (deploy.Promotion, error) { return b.engine.Request(ctx, req) })
	b.forgetCommand(r, p, err)
	b.finish(ctx, r, p.ID, b.answer(w.replyTo(), p, err, "promote"))
}

// rollback asks the engine for the rollback c names, once per job.
func (b *Bot) rollback(ctx context.Context, r run, c command) {
	w := r.work
	req := deploy.RollbackRequest{Service: c.Service, Env: c.Env, Person: b.person(ctx, w.User),
		Reason: "requested in Slack with " + w.Command + " " + w.Text}
	t := target{kind: deploy.KindRollback, service: c.Service, env: c.Env}
	p, err := b.engineOnce(ctx, r, t, func() (deploy.Promotion, error) { return b.engine.Rollback(ctx, req) })
	b.forgetCommand(r, p, err)
	b.finish(ctx, r, p.ID, b.answer(w.replyTo(), p, err, "rollback"))
}

// answer is what to tell the person about the engine's result: what it
// did, or why it refused (logged).
func (b *Bot) answer(to replyTo, p deploy.Promotion, err error, action string) string {
	if err != nil {
		switch fault.ErrorCode(err) {
		case fault.CodeInternal:
			b.log.Error("engine failed", "action", action, "user", to.User, "err", err)
		case fault.CodeUnavailable, fault.CodeRateLimited:
			b.log.Warn("a dependency failed the request", "action", action, "user", to.User,
				"code", fault.ErrorCode(err), "err", err)
		default:
			b.log.Info("engine refused", "action", action, "user", to.User, "code", fault.ErrorCode(err))
		}
		return fault.UserMessage(err)
	}
	return outcome(p, b.cfg.Slack.Channel, b.cfg.GitHub.Repository)
}

// outcome is the ephemeral confirmation of a request the engine took; for
// a promotion the engine recorded as blocked (a replayed refusal) it is
// the refusal.
func outcome(p deploy.Promotion, channel, repo string) string {
	if p.State == deploy.StateBlocked && p.StateReason != "" {
		return p.StateReason
	}
	var s string
	if p.Kind == deploy.KindRollback {
		s = rollingBack(p, repo)
	} else {
		s = fmt.Sprintf("Promotion %s: %s %s.", p.ID, moveSummary(p), p.State.Describe())
		if p.PR.Number != 0 {
			s += fmt.Sprintf(" Pull request #%d.", p.PR.Number)
		}
	}
	if channel != "" {
		s += " Follow it in <#" + channel + ">."
	}
	return s
}

// rollingBack is "Rolling back api in production to v9.1.0: <PR link>."
func rollingBack(p deploy.Promotion, repo string) string {
	s := "Rolling back " + serviceName(p) + " in " + p.Env
	if p.Service == deploy.AllServices && len(p.Changes) > 0 {
		s += " (" + clip(changesPlain(p.Changes), maxMoveSummary) + ")"
	} else if p.Version != "" {
		s += " to " + string(p.Version)
	}
	if pr := prLink(p.PR, repo); pr != "" {
		return s + ": " + pr + "."
	}
	return s + "."
}

func orUnknown(v deploy.Version) string {
	if v == "" {
		return "?"
	}
	return string(v)
}

// refuseCheap writes a parse-level refusal to the audit log; a failure is
// only logged.
func (b *Bot) refuseCheap(ctx context.Context, w work, reason string) {
	ev := deploy.AuditEvent{At: b.now(), Actor: w.User, Action: "refused:" + commandName(w), Reason: reason}
	if err := b.engine.RecordRefusal(ctx, ev); err != nil {
		b.log.Warn("audit of a refused command failed", "err", err)
	}
}

func commandName(w work) string {
	if w.Command != "" {
		return w.Command[1:]
	}
	return w.ActionID
}
