package deploy

import (
	"context"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// advance moves promotion id by ev in one store transaction, applying
// mutate to it, and appends the audit event (actor, reason). It returns
// the stored promotion and whether it changed: an event that already
// happened (IsDuplicateTransition) changes nothing and is no error. Other
// refusals are Transition's CodeConflict *Error.
func (e *Engine) advance(id string, ev Event, actor, reason string, mutate func(*Promotion)) (Promotion, bool, error) {
	return e.advanceAudit(id, ev, actor, reason, func(p *Promotion) []AuditEvent {
		if mutate != nil {
			mutate(p)
		}
		return nil
	})
}

// advanceAudit is advance whose mutate may return more audit events,
// appended after the transition's in the same transaction.
func (e *Engine) advanceAudit(id string, ev Event, actor, reason string, mutate func(*Promotion) []AuditEvent) (Promotion, bool, error) {
	now := e.now()
	p, err := e.store.UpdatePromotion(id, func(p *Promotion) ([]AuditEvent, error) {
		from, err := p.transition(ev, reason, now)
		if err != nil {
			return nil, err
		}
		evs := []AuditEvent{{At: now, PromotionID: id, Actor: actor, Action: string(ev), From: from, To: p.State, Reason: reason}}
		if mutate != nil {
			evs = append(evs, mutate(p)...)
		}
		return evs, nil
	})
	if IsDuplicateTransition(err) {
		p, err = e.store.GetPromotion(id)
		return p, false, err
	}
	return p, err == nil, err
}

// refuse appends the audit event for a refused action (Action
// "refused:<action>") and returns err unchanged.
func (e *Engine) refuse(p Promotion, action, actor string, err error) error {
	ev := AuditEvent{At: e.now(), PromotionID: p.ID, Actor: actor, Action: "refused:" + action,
		From: p.State, To: p.State, Reason: fault.UserMessage(err)}
	if aerr := e.store.AppendAudit(ev); aerr != nil {
		e.log.Error("audit of a refusal failed", "promotion", p.ID, "action", action, "err", aerr)
	}
	return err
}

// notify sends a notice about p and records that p's state was notified,
// with the announcement's location the first time. A failing Notifier is
// logged; the state then stays un-notified and Tick tries again. It
// returns p as stored.
func (e *Engine) notify(ctx context.Context, p Promotion, kind NoticeKind, line string, d NoticeDetails) Promotion {
	var ref MessageRef
	if e.notifier != nil {
		var err error
		ref, err = e.notifier.Notify(ctx, Notice{Promotion: p, Kind: kind, Line: line, Details: d})
		if err != nil {
			e.log.Warn("notify failed", "promotion", p.ID, "kind", kind, "err", err)
			return p
		}
	}
	state := p.State
	stored, err := e.store.UpdatePromotion(p.ID, func(q *Promotion) ([]AuditEvent, error) {
		if q.Slack == (MessageRef{}) {
			q.Slack = ref
		}
		q.Notified = state
		return nil, nil
	})
	if err != nil {
		e.log.Error("recording a notice failed", "promotion", p.ID, "err", err)
		return p
	}
	return stored
}

// renotify repeats the notice of p's state when it was never sent (a
// crash or a Notifier error came in between).
func (e *Engine) renotify(ctx context.Context, p Promotion) Promotion {
	if p.Notified == p.State || p.State == StateRequested {
		return p
	}
	if p.State == StateMerged && p.Unapproved != "" {
		return e.notify(ctx, p, NoticeUnapprovedMerge, unapprovedLine(p), e.baseDetails(p))
	}
	return e.notify(ctx, p, noticeKindOf(p.State), stateLine(p), e.baseDetails(p))
}

// baseDetails is what every notice of p carries: the monitoring link and
// the alert of a merge without the required approvals.
func (e *Engine) baseDetails(p Promotion) NoticeDetails {
	d := NoticeDetails{Alert: unapprovedAlert(p)}
	env, err := e.environment(p)
	if err != nil || env.Monitoring == "" || p.Service == AllServices {
		return d
	}
	d.MonitoringURL = config.ExpandTemplate(env.Monitoring, map[string]string{"service": p.Service, "env": p.Env})
	return d
}
