package deploy

import (
	"context"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// RollbackRequest asks to undo a promotion: PromotionID, or Service and
// Env naming the latest rolled-out promotion there.
type RollbackRequest struct {
	PromotionID string
	Service     string
	Env         string
	Person      Person
	Reason      string
}

// Rollback undoes a promotion with a rollback promotion whose pull request
// reverts the promotion's files. When the environment's rollback policy
// needs no approval it is merged at once; it is then watched like any
// promotion, and once it merges the original becomes rolled_back and its
// version needs Force to be promoted again. It returns CodeNotFound when
// there is nothing to roll back, CodeUnauthorised for a person who may
// not, CodeConflict when the promotion's state does not allow it, another
// promotion holds the pair or the files changed since, and GitHub's
// errors.
func (e *Engine) Rollback(ctx context.Context, req RollbackRequest) (Promotion, error) {
	of, env, err := e.rollbackTarget(req)
	if err != nil {
		return Promotion{}, err
	}
	if err := CheckRollbacker(env, req.Person); err != nil {
		return Promotion{}, e.refuse(of, "rollback", req.Person.ID, err)
	}
	if !rollbackable(of) {
		return Promotion{}, e.refuse(of, "rollback", req.Person.ID,
			fault.Errorf(fault.CodeConflict, "Can't roll back promotion %s: it is %s; only a deployed promotion (watching, succeeded or failed) can be rolled back.", of.ID, of.State))
	}
	return e.startRollback(ctx, of, env, req.Person.ID, req.Reason)
}

// startRollback opens the rollback of of, requested by requester for
// reason, and merges it at once when env's rollback policy needs no
// approval. The caller checked that requester may and that of can be
// rolled back.
func (e *Engine) startRollback(ctx context.Context, of Promotion, env config.Environment, requester, reason string) (Promotion, error) {
	head, err := e.repo.Head(ctx)
	if err != nil {
		return Promotion{}, err
	}
	now := e.now()
	rb := Promotion{ID: e.newID(), Kind: KindRollback, Service: of.Service, Env: of.Env,
		Version: of.PreviousVersion, PreviousVersion: of.Version, Requester: requester,
		Reason: reason, State: StateRequested, RollbackOf: of.ID, BaseSHA: head, Files: of.Files,
		Changes: reversed(of.Changes), CreatedAt: now, UpdatedAt: now}
	// Hold the promotion from before it is stored to its merge, so the
	// background loop cannot open, approve or merge it in between.
	unlock := e.lockPromotion(rb.ID)
	defer unlock()
	if err := e.store.CreatePromotion(rb, e.requestAudit(rb)); err != nil {
		if fault.ErrorCode(err) == fault.CodeConflict {
			return e.block(ctx, rb, err)
		}
		return Promotion{}, err
	}
	rb, err = e.open(ctx, rb, nil)
	if err != nil || rb.State != StatePROpen {
		return rb, err
	}
	return e.autoApprove(ctx, rb, env)
}

// rollbackTarget finds the promotion req names and its environment;
// Service AllServices names the latest promotion of every service.
func (e *Engine) rollbackTarget(req RollbackRequest) (Promotion, config.Environment, error) {
	if req.PromotionID != "" {
		p, err := e.store.GetPromotion(req.PromotionID)
		if err != nil {
			return p, config.Environment{}, err
		}
		env, err := e.environment(p)
		return p, env, err
	}
	service, env, err := e.resolveTarget(req.Service, req.Env)
	if err != nil {
		return Promotion{}, env, err
	}
	ps, err := e.store.LatestPromotions(service, env.Name, recentPromotions)
	if err != nil {
		return Promotion{}, env, err
	}
	for _, p := range ps {
		if p.Kind == KindPromote && rollbackable(p) {
			return p, env, nil
		}
	}
	return Promotion{}, env, fault.Errorf(fault.CodeNotFound, "There is no deployed promotion of %s in %s to roll back.", service, env.Name)
}

// rollbackable reports whether p's state accepts a rollback.
func rollbackable(p Promotion) bool {
	_, err := Transition(p.State, EventRollBack)
	return err == nil && p.MergeSHA != ""
}

// autoApprove approves and merges rollback rb at once when the
// environment's rollback policy needs no approval. The caller holds rb's
// promotion lock.
func (e *Engine) autoApprove(ctx context.Context, rb Promotion, env config.Environment) (Promotion, error) {
	if RequiredApprovals(env, rb.Kind) > 0 {
		return rb, nil
	}
	q, changed, err := e.advance(rb.ID, EventApproved, "deploybot", "the rollback policy of "+env.Name+" needs no approval", nil)
	if err != nil {
		return q, err
	}
	if changed {
		q = e.notify(ctx, q, NoticeApproved, "Approved by the rollback policy (no approval needed)", NoticeDetails{})
	}
	return e.merge(ctx, q, rb.Requester)
}

// rollbackRequest builds the pull request reverting the promotion rb
// undoes: the files it wrote, restored at rb.BaseSHA.
func (e *Engine) rollbackRequest(ctx context.Context, rb Promotion, req ChangeRequest) (ChangeRequest, NoticeDetails, error) {
	of, err := e.store.GetPromotion(rb.RollbackOf)
	if err != nil {
		return req, NoticeDetails{}, err
	}
	files, err := RevertFiles(ctx, e.repo, of.MergeSHA, rb.BaseSHA, of.Files)
	if err != nil {
		return req, NoticeDetails{}, err
	}
	if len(files) == 0 {
		return req, NoticeDetails{}, fault.Errorf(fault.CodeConflict, "Nothing to roll back: the files of promotion %s already hold what they held before it.", of.ID)
	}
	req.Files = files
	req.Title = RollbackTitle(rb)
	req.Message = req.Title
	req.Body = RollbackBody(RollbackBodyInput{Rollback: rb, Of: of, Files: files, RepoURL: e.repoURL()})
	risk := AssessRisk(RiskInput{From: rb.PreviousVersion, To: rb.Version, Rollback: true})
	d := NoticeDetails{RollbackPlan: rollbackPlan(rb), Risk: &risk}
	return req, d, nil
}

// repoURL is the web URL of the GitOps repository on github.com; empty
// for GitHub Enterprise, whose web address the config does not give.
func (e *Engine) repoURL() string {
	if e.cfg.GitHub.APIURL != "" || !strings.Contains(e.cfg.GitHub.Repository, "/") {
		return ""
	}
	return "https://github.com/" + e.cfg.GitHub.Repository
}
