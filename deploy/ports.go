package deploy

import (
	"context"
	"time"
)

// Store is the engine's persistent state: promotions, their locks and the
// audit log. The bbolt store (package store) implements it; each method is
// one atomic transaction.
type Store interface {
	// CreatePromotion atomically records p and appends ev. When
	// p.HoldsLock() it first takes the lock of p.Service in p.Env (the
	// service AllServices conflicts with every service of the environment
	// and the other way round; p itself re-acquiring is fine). It returns a
	// *Error with CodeConflict worded as CheckInFlight words it when
	// another promotion holds the pair, and the store's errors otherwise.
	CreatePromotion(p Promotion, ev AuditEvent) error
	// UpdatePromotion atomically loads promotion id, calls fn on it, stores
	// the result, appends the events fn returns and releases the
	// promotion's lock when it no longer HoldsLock. When fn returns an
	// error nothing is written and that error is returned; a missing
	// promotion is CodeNotFound.
	UpdatePromotion(id string, fn func(p *Promotion) ([]AuditEvent, error)) (Promotion, error)
	// GetPromotion returns promotion id, or a *Error with CodeNotFound.
	GetPromotion(id string) (Promotion, error)
	// LatestPromotions returns at most n promotions of service in env,
	// newest first.
	LatestPromotions(service, env string, n int) ([]Promotion, error)
	// ActivePromotions returns every promotion in a non-final state,
	// oldest first.
	ActivePromotions() ([]Promotion, error)
	// AppendAudit appends ev to the audit log.
	AppendAudit(ev AuditEvent) error
	// Audit returns the audit events of one promotion, oldest first.
	Audit(promotionID string) ([]AuditEvent, error)
	// AuditSince returns at most limit audit events with a sequence number
	// above seq, oldest first.
	AuditSince(seq uint64, limit int) ([]AuditEvent, error)
	// ClaimKey records key until now+ttl and reports whether this call
	// claimed it (false: someone claimed it before and it has not expired).
	ClaimKey(key string, ttl time.Duration, now time.Time) (bool, error)
}

// Notifier tells people what happened to a promotion. The Slack bot
// implements it by posting (or, when Notice.Promotion.Slack is set,
// updating) the promotion's announcement and adding Notice.Line to its
// thread. It returns the announcement's location, which the engine stores
// so every later notice updates the same message.
type Notifier interface {
	Notify(ctx context.Context, n Notice) (MessageRef, error)
}

// Clock tells the engine the time.
type Clock interface {
	Now() time.Time
}

// NoticeKind says what a notice reports.
type NoticeKind string

// Notice kinds.
const (
	NoticePlanned      NoticeKind = "planned"
	NoticeApproved     NoticeKind = "approved"
	NoticeMerged       NoticeKind = "merged"
	NoticeSyncStarted  NoticeKind = "sync_started"
	NoticeProgressing  NoticeKind = "progressing"
	NoticeDeployed     NoticeKind = "deployed"
	NoticeDegraded     NoticeKind = "degraded"
	NoticeFailed       NoticeKind = "failed"
	NoticeWindowEnded  NoticeKind = "window_ended"
	NoticeCancelled    NoticeKind = "cancelled"
	NoticeBlocked      NoticeKind = "blocked"
	NoticeSuperseded   NoticeKind = "superseded"
	NoticeRolledBack   NoticeKind = "rolled_back"
	NoticeMergeRefused NoticeKind = "merge_refused"
	// NoticeApprovalsChanged reports a change of the approval ledger seen
	// on GitHub: a review, a dismissal, new commits that void approvals.
	NoticeApprovalsChanged NoticeKind = "approvals_changed"
	// NoticeUnapprovedMerge is the loud alert that a person merged the
	// pull request on GitHub before its approvals were met.
	NoticeUnapprovedMerge NoticeKind = "unapproved_merge"
)

// Notice is one thing to tell people about a promotion: its kind, the
// promotion as it stands now (with Slack set once it was announced), the
// one-line thread entry and what an announcement shows.
type Notice struct {
	Promotion Promotion
	Kind      NoticeKind
	Line      string // the thread line, e.g. "Merged at a1b2c3d by @sam"
	Details   NoticeDetails
}

// NoticeDetails is what an announcement shows beyond the promotion itself;
// every field is optional.
type NoticeDetails struct {
	Plan          *Plan
	Changelog     *Changelog // commits between the versions; nil when unknown
	Origin        *Change    // the pull request behind the new version
	ChangesNote   string     // e.g. "changes unknown: acme/api is not reachable"
	Risk          *Risk
	RollbackPlan  string // e.g. "revert to v9.1.0"
	Verdict       *Verdict
	MonitoringURL string
	Approvals     string // e.g. "needs 1 approval from @leads (not @maria)"
	// Ledger is the approval ledger in one line, e.g. "Approved by @sam in
	// Slack, @lee on GitHub — 2 of 2", with what does not count and why.
	Ledger string
	// Alert is a warning every notice of the promotion repeats, e.g.
	// "Merged on GitHub by @eve without the required approvals: 1 more
	// approval"; empty when there is none.
	Alert string
}

// HoldsLock reports whether a promotion in p's state holds the lock of its
// service and environment: from request until the rollout is deployed
// (requested, pr_open, approved, merged, syncing). A watching promotion
// has released it, so a newer promotion or a rollback may start.
func (p Promotion) HoldsLock() bool {
	switch p.State {
	case StateRequested, StatePROpen, StateApproved, StateMerged, StateSyncing:
		return true
	}
	return false
}
