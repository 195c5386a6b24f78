package deploy

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Request asks for a promotion of one service, or of every service
// (AllServices), into an environment.
type Request struct {
	Service   string  // service name (any case), or AllServices
	Version   Version // optional: empty takes what the upstream environment runs; must be empty for AllServices
	Env       string  // environment name or alias
	Requester Person
	Reason    string
	Force     string // reason to promote a version that was rolled back; empty if none
}

// Request checks req against the gates (permission, freeze, version rules,
// a rolled-back version without Force, upstream evidence with soak, one
// promotion in flight per service and environment), records the
// promotion, opens its pull request and announces it. Service AllServices
// promotes every service whose upstream runs another version, in one pull
// request, holding the whole environment (see gateAll). A request a gate
// stops is recorded as blocked, with its reason, and changes nothing else;
// its *Error (CodeUnauthorised, CodeBlocked, CodeInvalid, CodeConflict
// naming the holder of the lock) is returned. Unknown names are
// CodeInvalid and are not recorded; GitHub, Argo CD and store failures are
// returned as they come.
func (e *Engine) Request(ctx context.Context, req Request) (Promotion, error) {
	p, env, err := e.newPromotion(req)
	if err != nil {
		return Promotion{}, err
	}
	// Hold the promotion from before it is stored until its pull request
	// is open: the background loop, running in the same process as the
	// local API, would otherwise find it requested and open it too.
	unlock := e.lockPromotion(p.ID)
	defer unlock()
	head, err := e.repo.Head(ctx)
	if err != nil {
		return Promotion{}, untouched(err)
	}
	fsys, err := e.repo.Snapshot(ctx, head)
	if err != nil {
		return Promotion{}, untouched(err)
	}
	p.BaseSHA = head
	plan, forced, err := e.gateFor(ctx, &p, env, req.Requester, fsys)
	if err != nil {
		return e.block(ctx, p, err)
	}
	if err := e.store.CreatePromotion(p, e.requestAudit(p)); err != nil {
		if fault.ErrorCode(err) == fault.CodeConflict {
			return e.block(ctx, p, err)
		}
		return Promotion{}, err
	}
	if forced {
		e.auditForce(p)
	}
	q, err := e.open(ctx, p, &plan)
	if err != nil && fault.Transient(err) && q.State == StateRequested {
		return q, pending(q, err)
	}
	return q, err
}

// newPromotion resolves req's names and returns the requested promotion
// and its environment; unknown names are CodeInvalid.
func (e *Engine) newPromotion(req Request) (Promotion, config.Environment, error) {
	service, env, err := e.resolveTarget(req.Service, req.Env)
	if err != nil {
		return Promotion{}, env, err
	}
	now := e.now()
	return Promotion{ID: e.newID(), Kind: KindPromote, Service: service, Env: env.Name, Version: req.Version,
		Requester: req.Requester.ID, Reason: req.Reason, Force: req.Force, State: StateRequested,
		CreatedAt: now, UpdatedAt: now}, env, nil
}

// resolveTarget resolves a service name (or AllServices, in any case)
// and an environment name or alias to their canonical names; unknown
// names are CodeInvalid with the valid ones listed.
func (e *Engine) resolveTarget(service, env string) (string, config.Environment, error) {
	en, err := e.cfg.ResolveEnvironment(env)
	if err != nil {
		return "", en, err
	}
	if strings.EqualFold(service, AllServices) {
		return AllServices, en, nil
	}
	svc, err := e.cfg.ResolveService(service)
	if err != nil {
		return "", en, err
	}
	return svc.Name, en, nil
}

// gateFor runs gate, or gateAll for a promotion of every service.
func (e *Engine) gateFor(ctx context.Context, p *Promotion, env config.Environment, who Person, fsys fs.FS) (Plan, bool, error) {
	if p.Service == AllServices {
		return e.gateAll(ctx, p, env, who, fsys)
	}
	svc, err := e.cfg.ResolveService(p.Service)
	if err != nil {
		return Plan{}, false, err
	}
	return e.gate(ctx, p, svc, env, who, fsys)
}

// requestAudit is the audit event of a new promotion.
func (e *Engine) requestAudit(p Promotion) AuditEvent {
	reason := p.Reason
	if p.RequestedRef != "" {
		reason = strings.TrimSpace(fmt.Sprintf("%s (%s resolved to %s)", reason, p.RequestedRef, p.Version))
	}
	return AuditEvent{At: p.CreatedAt, PromotionID: p.ID, Actor: p.Requester, Action: "request",
		To: p.State, Reason: reason}
}

// auditForce records that p promotes a rolled-back version on purpose.
func (e *Engine) auditForce(p Promotion) {
	ev := AuditEvent{At: p.CreatedAt, PromotionID: p.ID, Actor: p.Requester, Action: "force",
		From: p.State, To: p.State, Reason: fmt.Sprintf("promotes rolled-back %s again: %s", p.Version, p.Force)}
	if err := e.store.AppendAudit(ev); err != nil {
		e.log.Error("audit of --force failed", "promotion", p.ID, "err", err)
	}
}

// gate runs the gates in order and returns the plan at p.BaseSHA, filling
// p's versions, files and evidence, and whether Force let a rolled-back
// version through.
func (e *Engine) gate(ctx context.Context, p *Promotion, svc config.Service, env config.Environment, who Person, fsys fs.FS) (Plan, bool, error) {
	if err := CheckPromoter(env, who); err != nil {
		return Plan{}, false, err
	}
	if err := CheckFreeze(env, p.CreatedAt); err != nil {
		return Plan{}, false, err
	}
	if err := e.resolveVersion(ctx, p, svc, env, fsys); err != nil {
		return Plan{}, false, err
	}
	if err := CheckVersionPolicy(svc, env, p.Version); err != nil {
		return Plan{}, false, err
	}
	plan, err := e.planAt(fsys, *p)
	if err != nil {
		return Plan{}, false, err
	}
	ch := plan.Changes[0]
	p.PreviousVersion, p.Version = ch.From, ch.To
	recordPlan(p, plan)
	forced, err := e.checkRolledBack(*p, svc)
	if err != nil {
		return Plan{}, false, err
	}
	ev, err := e.upstream(ctx, svc, env, p.Version, p.BaseSHA, fsys)
	if err != nil {
		return Plan{}, false, err
	}
	if env.After != "" {
		p.Evidence = &ev
	}
	return plan, forced, nil
}

// recordPlan records on p the files plan writes and the services it moves.
func recordPlan(p *Promotion, plan Plan) {
	p.Files, p.Changes = nil, plan.Changes
	for _, f := range plan.Files {
		p.Files = append(p.Files, f.Path)
	}
}

// planAt plans p on fsys and records its versions and files. A plan that
// changes nothing is CodeConflict with the plan's summary.
func (e *Engine) planAt(fsys fs.FS, p Promotion) (Plan, error) {
	plan, err := NewPlan(e.cfg, fsys, PlanRequest{Service: p.Service, Version: p.Version, Env: p.Env})
	if err != nil {
		return Plan{}, err
	}
	if len(plan.Changes) == 0 {
		return Plan{}, fault.Errorf(fault.CodeConflict, "%s", plan.Summary())
	}
	return plan, nil
}

// resolveVersion takes the upstream's version when none was given, and
// resolves a short SHA, tag or branch of a sha service to a full SHA.
func (e *Engine) resolveVersion(ctx context.Context, p *Promotion, svc config.Service, env config.Environment, fsys fs.FS) error {
	if p.Version == "" && env.After != "" {
		v, err := CurrentVersion(e.cfg, fsys, svc.Name, env.After)
		if err != nil {
			return err
		}
		p.Version = v
	}
	if svc.Version != config.PatternSHA || p.Version == "" || prIsFullSHA(string(p.Version)) {
		return nil
	}
	sha, err := e.repo.ResolveCommit(ctx, svc.Source, string(p.Version))
	if err != nil && fault.ErrorCode(err) != fault.CodeNotFound {
		return err // GitHub down, limiting or refusing the credentials: not the version's fault
	}
	if err != nil {
		return fault.Errorf(fault.CodeInvalid, "Can't promote %s to %s: %q is not a commit, tag or branch of %s: %w",
			svc.Name, env.Name, p.Version, cmp.Or(svc.Source, e.cfg.GitHub.Repository), err)
	}
	p.RequestedRef, p.Version = string(p.Version), Version(strings.ToLower(sha))
	return nil
}

// block records p as blocked by err, announces it and returns err.
// Transient errors (a dependency down or limiting, an internal failure)
// are not recorded: they say nothing about the request, and the person is
// told that nothing was changed.
func (e *Engine) block(ctx context.Context, p Promotion, err error) (Promotion, error) {
	if fault.Transient(err) {
		return Promotion{}, untouched(err)
	}
	now := e.now()
	if _, terr := p.transition(EventBlock, fault.UserMessage(err), now); terr != nil {
		return Promotion{}, terr
	}
	ev := AuditEvent{At: now, PromotionID: p.ID, Actor: p.Requester, Action: string(EventBlock),
		To: p.State, Reason: p.StateReason}
	if cerr := e.store.CreatePromotion(p, ev); cerr != nil {
		e.log.Error("recording a blocked request failed", "promotion", p.ID, "err", cerr)
		return p, err
	}
	p = e.notify(ctx, p, NoticeBlocked, "Blocked: "+p.StateReason, NoticeDetails{})
	return p, err
}
