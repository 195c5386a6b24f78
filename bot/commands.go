package bot

import (
	"context"
	"fmt"

	"github.com/deploybot/deploybot/deploy"
)

// msgForeignTeam answers people from another workspace (a shared channel).
const msgForeignTeam = "deploybot takes commands and clicks only from people in its own workspace; nothing was changed."

// runCommand does a slash command and answers the person ephemerally.
func (b *Bot) runCommand(ctx context.Context, w work) {
	to := w.replyTo()
	if b.foreignTeam(w.Team) {
		b.refuseCheap(w, "foreign workspace "+w.Team)
		b.reply(ctx, to, msgForeignTeam)
		return
	}
	c := parseCommand(b.cfg, w.Command, w.Text)
	if c.Err != "" {
		b.refuseCheap(w, c.Err)
		b.reply(ctx, to, c.Err)
		return
	}
	switch c.Op {
	case opHelp:
		b.reply(ctx, to, helpText(b.cfg))
	case opStatus:
		b.status(ctx, to, c.Service)
	case opPromote:
		req := deploy.Request{Service: c.Service, Version: c.Version, Env: c.Env,
			Requester: b.person(ctx, w.User), Reason: "requested in Slack with " + w.Command + " " + w.Text}
		p, err := b.engine.Request(ctx, req)
		b.answer(ctx, to, p, err, "promote")
	case opRollback:
		req := deploy.RollbackRequest{Service: c.Service, Env: c.Env, Person: b.person(ctx, w.User),
			Reason: "requested in Slack with " + w.Command + " " + w.Text}
		p, err := b.engine.Rollback(ctx, req)
		b.answer(ctx, to, p, err, "rollback")
	case opRollbackMenu:
		b.rollbackMenu(ctx, to)
	}
}

// answer tells the person what the engine did, or why it refused.
func (b *Bot) answer(ctx context.Context, to replyTo, p deploy.Promotion, err error, action string) {
	if err != nil {
		if deploy.ErrorCode(err) == deploy.CodeInternal {
			b.log.Error("engine failed", "action", action, "user", to.User, "err", err)
		} else {
			b.log.Info("engine refused", "action", action, "user", to.User, "code", deploy.ErrorCode(err))
		}
		b.reply(ctx, to, deploy.UserMessage(err))
		return
	}
	b.reply(ctx, to, outcome(p, b.cfg.Slack.Channel))
}

// outcome is the ephemeral confirmation of a successful request.
func outcome(p deploy.Promotion, channel string) string {
	noun := "Promotion"
	if p.Kind == deploy.KindRollback {
		noun = "Rollback"
	}
	s := fmt.Sprintf("%s %s: %s %s → %s is %s.", noun, p.ID, p.Service, orUnknown(p.PreviousVersion), p.Version, p.State)
	if p.PR.Number != 0 {
		s += fmt.Sprintf(" Pull request #%d.", p.PR.Number)
	}
	if channel != "" {
		s += " Follow it in <#" + channel + ">."
	}
	return s
}

func orUnknown(v deploy.Version) string {
	if v == "" {
		return "?"
	}
	return string(v)
}

// refuseCheap writes a parse-level refusal to the audit log; a failure is
// only logged.
func (b *Bot) refuseCheap(w work, reason string) {
	ev := deploy.AuditEvent{At: b.now(), Actor: w.User, Action: "refused:" + commandName(w), Reason: reason}
	if _, err := b.store.AppendAudit(ev); err != nil {
		b.log.Warn("audit of a refused command failed", "err", err)
	}
}

func commandName(w work) string {
	if w.Command != "" {
		return w.Command[1:]
	}
	return w.ActionID
}
