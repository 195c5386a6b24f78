package deploy

import (
	"context"
	"fmt"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// changelogLimit is how many commits an announcement lists.
const changelogLimit = 20

// open opens p's pull request (idempotent by branch: after a crash the
// existing one is found), moves p to pr_open and announces it. plan is
// the plan Request computed; nil re-plans at p.BaseSHA, which gives the
// same change. A refusal by GitHub cancels p with the reason; transient
// errors (GitHub down or limiting, internal failures) leave p requested
// for Tick to retry.
func (e *Engine) open(ctx context.Context, p Promotion, plan *Plan) (Promotion, error) {
	req, details, err := e.changeRequest(ctx, p, plan)
	if err == nil {
		var pr PullRequest
		pr, err = e.repo.OpenChange(ctx, req)
		if err == nil {
			return e.opened(ctx, p, pr, details)
		}
	}
	if fault.Transient(err) {
		return p, err
	}
	reason := "the pull request could not be opened: " + fault.UserMessage(err)
	if q, changed, cerr := e.advance(p.ID, EventCancel, "deploybot", reason, nil); cerr == nil && changed {
		e.notify(ctx, q, NoticeCancelled, "Cancelled: "+reason, NoticeDetails{})
	}
	return p, err
}

// opened records p's pull request and announces the promotion.
func (e *Engine) opened(ctx context.Context, p Promotion, pr PullRequest, d NoticeDetails) (Promotion, error) {
	q, changed, err := e.advance(p.ID, EventPROpened, p.Requester, "pull request #"+fmt.Sprint(pr.Number)+" opened",
		func(q *Promotion) {
			q.PR = pr
			if d.Origin != nil {
				q.OriginAuthor = d.Origin.Author
			}
		})
	if err != nil || !changed {
		return q, err
	}
	base := e.baseDetails(q)
	d.MonitoringURL = base.MonitoringURL
	return e.notify(ctx, q, NoticePlanned, plannedLine(q), d), nil
}

// changeRequest builds the pull request of p and what its announcement
// shows.
func (e *Engine) changeRequest(ctx context.Context, p Promotion, plan *Plan) (ChangeRequest, NoticeDetails, error) {
	env, err := e.environment(p)
	if err != nil {
		return ChangeRequest{}, NoticeDetails{}, err
	}
	req := ChangeRequest{Branch: PromotionBranch(p), BaseSHA: p.BaseSHA, Labels: env.Labels,
		Reviewers: e.cfg.GitHub.Reviewers, TeamReviewers: e.cfg.GitHub.TeamReviewers}
	if p.Kind == KindRollback {
		return e.rollbackRequest(ctx, p, req)
	}
	if plan == nil {
		fsys, err := e.repo.Snapshot(ctx, p.BaseSHA)
		if err != nil {
			return req, NoticeDetails{}, err
		}
		replan, err := e.planAt(fsys, p)
		if err != nil {
			return req, NoticeDetails{}, err
		}
		plan = &replan
	}
	d := e.describe(ctx, p, *plan, env)
	req.Files = plan.Files
	req.Title = PromotionTitle(p, *plan)
	req.Message = req.Title
	svc, _ := e.cfg.ResolveService(p.Service)
	req.Body = PromotionBody(PRBodyInput{Promotion: p, Plan: *plan, Origin: d.Origin, Changelog: d.Changelog, SourceRepo: svc.Source,
		Approvals: approvalsNote(env, p.Kind)})
	return req, d, nil
}

// describe gathers what the announcement of p shows: changes (from the
// service's source repo; failures only say the changes are unknown),
// risk, rollback plan and approvals needed.
func (e *Engine) describe(ctx context.Context, p Promotion, plan Plan, env config.Environment) NoticeDetails {
	d := NoticeDetails{Plan: &plan, RollbackPlan: rollbackPlan(p)}
	if p.Service == AllServices {
		risk := e.allRisk(plan)
		d.Risk = &risk
		d.ChangesNote = "one pull request for " + countNoun(len(plan.Changes), "service") + ": " + changeList(plan.Changes, false)
	} else {
		e.describeOne(ctx, p, &d)
	}
	if n := RequiredApprovals(env, p.Kind); n > 0 {
		d.Approvals = fmt.Sprintf("needs %s from %s (not %s)", approvalCount(n),
			slackMentions(env.Approvers, "anyone"), slackMention(p.Requester))
	}
	return d
}

// describeOne fills d's changes and risk for a promotion of one service.
func (e *Engine) describeOne(ctx context.Context, p Promotion, d *NoticeDetails) {
	svc, err := e.cfg.ResolveService(p.Service)
	if err == nil && svc.Source != "" {
		e.changes(ctx, svc, p, d)
	} else {
		d.ChangesNote = "changes unknown: no source repository is configured for " + p.Service
	}
	risk := AssessRisk(RiskInput{Pattern: svc.Version, From: p.PreviousVersion, To: p.Version,
		Changelog: d.Changelog, Rollback: p.Kind == KindRollback})
	d.Risk = &risk
}

// changes fills d's changelog and origin pull request from svc's source
// repository; a failure is noted, never returned.
func (e *Engine) changes(ctx context.Context, svc config.Service, p Promotion, d *NoticeDetails) {
	if p.PreviousVersion != "" {
		cl, err := e.repo.Compare(ctx, svc.Source, string(p.PreviousVersion), string(p.Version), changelogLimit)
		if err != nil {
			d.ChangesNote = "changes unknown: " + fault.UserMessage(err)
			e.log.Info("changelog unavailable", "promotion", p.ID, "err", err)
		} else {
			d.Changelog = &cl
		}
	}
	sha, err := e.repo.ResolveCommit(ctx, svc.Source, string(p.Version))
	if err != nil {
		return
	}
	if origin, err := e.repo.OriginPR(ctx, svc.Source, sha); err == nil {
		d.Origin = origin
	}
}
