package bot

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

// Button action IDs on announcements and menus.
const (
	actionApprove  = "approve"
	actionCancel   = "cancel"
	actionRollback = "rollback"
)

// announcement is one promotion's message: Block Kit and fallback text.
type announcement struct {
	Text   string
	Blocks []slack.Block
}

// view is everything an announcement shows: the promotion, the latest
// notice's kind and the details remembered from every notice so far.
type view struct {
	P       deploy.Promotion
	Kind    deploy.NoticeKind
	D       deploy.NoticeDetails
	Env     config.Environment
	Repo    string // the GitOps repository, owner/name
	Channel string // the announcement channel, for /rollback hints
	// Rollback is the rollback promotion that undid P (P.RolledBackBy),
	// when P is rolled back and the store has it.
	Rollback *deploy.Promotion
}

// newView builds the view of notice n with details d (n's merged into
// what earlier notices said).
func newView(cfg *config.Config, n deploy.Notice, d deploy.NoticeDetails) view {
	env, _ := cfg.ResolveEnvironment(n.Promotion.Env)
	if env.Name == "" {
		env.Name = n.Promotion.Env
	}
	if d.MonitoringURL == "" && env.Monitoring != "" && n.Promotion.Service != deploy.AllServices {
		d.MonitoringURL = config.ExpandTemplate(env.Monitoring,
			map[string]string{"service": n.Promotion.Service, "env": n.Promotion.Env})
	}
	return view{P: n.Promotion, Kind: n.Kind, D: d, Env: env, Repo: cfg.GitHub.Repository}
}

// render returns the announcement for v: the header, the alert of a
// merge without the required approvals (see alertBlock), then the
// blocks of v's state.
func render(v view) announcement {
	t := title(v)
	var bs []slack.Block
	switch v.P.State {
	case deploy.StateRequested, deploy.StatePROpen:
		bs = plannedBlocks(v)
	case deploy.StateApproved, deploy.StateMerged, deploy.StateSyncing:
		bs = progressBlocks(v)
	case deploy.StateWatching, deploy.StateSucceeded:
		bs = completeBlocks(v)
	case deploy.StateFailed:
		bs = failedBlocks(v)
	case deploy.StateRolledBack:
		bs = rolledBackBlocks(v)
	default:
		bs = closedBlocks(v)
	}
	top := blocks(header(t), alertBlock(v))
	return announcement{Text: fallback(v, t), Blocks: append(top, bs...)}
}

// mergeDetails returns old with every field n sets replaced.
func mergeDetails(old, n deploy.NoticeDetails) deploy.NoticeDetails {
	setIf(&old.Plan, n.Plan)
	setIf(&old.Changelog, n.Changelog)
	setIf(&old.Origin, n.Origin)
	setIf(&old.Risk, n.Risk)
	setIf(&old.Verdict, n.Verdict)
	setIf(&old.ChangesNote, n.ChangesNote)
	setIf(&old.RollbackPlan, n.RollbackPlan)
	setIf(&old.MonitoringURL, n.MonitoringURL)
	setIf(&old.Approvals, n.Approvals)
	setIf(&old.Ledger, n.Ledger)
	setIf(&old.Alert, n.Alert)
	return old
}

// setIf sets *dst to v unless v is its type's zero value (nil, "").
func setIf[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}

// sinceRequest is how long p took from request to t, for "9 min from
// request".
func sinceRequest(p deploy.Promotion, t time.Time) string {
	if p.CreatedAt.IsZero() || t.Before(p.CreatedAt) {
		return ""
	}
	return " (" + minutes(t.Sub(p.CreatedAt)) + " from request)"
}
