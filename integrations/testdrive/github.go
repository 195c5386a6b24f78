package testdrive

import (
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"

	"github.com/deploybot/deploybot/integrations/argocd/argocdfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake"
	"github.com/deploybot/deploybot/integrations/standins"
)

// PRs returns the GitOps repository's pull requests, oldest first.
func (d *Drive) PRs() []githubfake.PullRequest { return d.SI.GitHub.PRs(standins.GitOpsRepo) }

// PR returns pull request n (counted from 1 in creation order), and
// whether there is one.
func (d *Drive) PR(n int) (githubfake.PullRequest, bool) {
	prs := d.PRs()
	if len(prs) < n {
		return githubfake.PullRequest{}, false
	}
	return prs[n-1], true
}

// Merged reports whether the n-th pull request is merged.
func (d *Drive) Merged(n int) bool {
	p, ok := d.PR(n)
	return ok && p.Merged
}

// AppAt reports whether Argo CD's app finished a sync of the head of
// main and its health is code ("Healthy", "Degraded").
func (d *Drive) AppAt(name, code string) bool {
	app, ok := d.SI.Argo.App(name)
	if !ok {
		return false
	}
	op := app.Status.OperationState
	head := d.SI.GitHub.Head(standins.GitOpsRepo, "main")
	return op != nil && op.Phase == synccommon.OperationSucceeded && op.SyncResult != nil &&
		op.SyncResult.Revision == head && string(app.Status.Health.Status) == code
}

// DegradeNext scripts the next rollout of app to turn Degraded after d.
func (d *Drive) DegradeNext(app string) error {
	return d.SI.Argo.Script(app, argocdfake.Script{Outcome: argocdfake.OutcomeDegraded,
		After: standins.DefaultTiming.Progress, Message: "progress deadline exceeded: 0/2 pods ready (CrashLoopBackOff)"})
}
