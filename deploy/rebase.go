package deploy

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Replan fits plan, made for req against the repository at baseSHA, to the
// current head of the base branch, so a promotion whose base moved is
// re-applied on top of what others pushed meanwhile. It returns the plan
// and the commit it applies to: plan and baseSHA unchanged when the head
// is still baseSHA, else a new plan computed on the head with the same
// request and the same target versions.
//
// When someone changed what a service runs in between (its From differs,
// or it no longer moves), or the upstream environment moved on so that a
// target version differs, Replan returns a *Error with CodeConflict naming
// the file and the commit that changed it; it never writes anything, so
// nothing is pushed. Errors of the Repo and of Plan are returned as they
// are.
func Replan(c *config.Config, ctx context.Context, repo Repo, req PlanRequest, plan Plan, baseSHA string) (Plan, string, error) {
	head, err := repo.Head(ctx)
	if err != nil {
		return Plan{}, "", err
	}
	if head == baseSHA {
		return plan, baseSHA, nil
	}
	fsys, err := repo.Snapshot(ctx, head)
	if err != nil {
		return Plan{}, "", err
	}
	next, err := NewPlan(c, fsys, sameTargets(req, plan))
	if err != nil {
		return Plan{}, "", err
	}
	if msg := movesDiffer(plan, next); msg != "" {
		return Plan{}, "", replanConflict(ctx, repo, fsys, plan, baseSHA, head, msg)
	}
	return next, head, nil
}

// sameTargets pins a one-service request to the version the plan moves it
// to, so a moved upstream environment cannot change it.
func sameTargets(req PlanRequest, plan Plan) PlanRequest {
	if plan.Service != AllServices && len(plan.Changes) == 1 {
		req.Version = plan.Changes[0].To
	}
	return req
}

// movesDiffer describes the first service whose move differs between the
// plan made at the base and the one made at the head, or returns "".
func movesDiffer(old, next Plan) string {
	nextBy := map[string]ServiceChange{}
	for _, ch := range next.Changes {
		nextBy[ch.Service] = ch
	}
	for _, u := range next.Unchanged {
		nextBy[u.Service] = u
	}
	for _, o := range old.Changes {
		n, ok := nextBy[o.Service]
		switch {
		case !ok:
			return fmt.Sprintf("%s is no longer part of the promotion", o.Service)
		case n.From != o.From:
			return fmt.Sprintf("%s now runs %s in %s, not %s", o.Service, n.From, old.Env, o.From)
		case n.To != o.To:
			return fmt.Sprintf("%s would now move to %s, not %s as planned", o.Service, n.To, o.To)
		}
		delete(nextBy, o.Service)
	}
	for _, ch := range next.Changes {
		if _, left := nextBy[ch.Service]; left {
			return fmt.Sprintf("%s would now move too, from %s to %s", ch.Service, ch.From, ch.To)
		}
	}
	return ""
}

// replanConflict names the planned files that changed between base and
// head and who changed them last.
func replanConflict(ctx context.Context, repo Repo, head fs.FS, plan Plan, baseSHA, headSHA, msg string) error {
	now := newRepoFiles(head)
	var changed []string
	for _, f := range plan.Files {
		cur, err := now.readOptional(f.Path)
		if err != nil || sameContent(cur, f.Old) {
			continue
		}
		what := f.Path
		if c, err := repo.LastChange(ctx, f.Path, baseSHA, headSHA); err == nil && c != nil {
			what += " was changed " + describeCommit(*c)
		} else {
			what += " was changed"
		}
		changed = append(changed, what)
	}
	if len(changed) == 0 {
		return fault.Errorf(fault.CodeConflict, "The GitOps repo changed after the promotion was planned: %s. Nothing was pushed; promote again to plan from the current state.", msg)
	}
	return fault.Errorf(fault.CodeConflict, "%s after the promotion was planned: %s. Nothing was pushed; promote again to plan from the current state.",
		strings.Join(changed, "; "), msg)
}
