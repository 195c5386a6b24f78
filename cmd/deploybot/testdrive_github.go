package main

import (
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"

	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// prs returns the GitOps repository's pull requests, oldest first.
func (d *drive) prs() []githubfake.PullRequest { return d.si.GitHub.PRs(standins.GitOpsRepo) }

// pr returns pull request n (counted from 1 in creation order), and
// whether there is one.
func (d *drive) pr(n int) (githubfake.PullRequest, bool) {
	prs := d.prs()
	if len(prs) < n {
		return githubfake.PullRequest{}, false
	}
	return prs[n-1], true
}

// merged reports whether the n-th pull request is merged.
func (d *drive) merged(n int) bool {
	p, ok := d.pr(n)
	return ok && p.Merged
}

// appAt reports whether Argo CD's app finished a sync of the head of
// main and its health is code ("Healthy", "Degraded").
func (d *drive) appAt(name, code string) bool {
	app, ok := d.si.Argo.App(name)
	if !ok {
		return false
	}
	op := app.Status.OperationState
	head := d.si.GitHub.Head(standins.GitOpsRepo, "main")
	return op != nil && op.Phase == synccommon.OperationSucceeded && op.SyncResult != nil &&
		op.SyncResult.Revision == head && string(app.Status.Health.Status) == code
}

// degradeNext scripts the next rollout of app to turn Degraded after d.
func (d *drive) degradeNext(app string) error {
	return d.si.Argo.Script(app, argocdfake.Script{Outcome: argocdfake.OutcomeDegraded,
		After: standins.DefaultTiming.Progress, Message: "progress deadline exceeded: 0/2 pods ready (CrashLoopBackOff)"})
}
