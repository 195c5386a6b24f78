package deploy

import "time"

// Version is a version as a person names it and as the `value` template's
// {version} placeholder holds it: v9.1.1, a 40-hex SHA, 3.0.
type Version string

// Kind says whether a promotion moves a version forward or undoes one.
type Kind string

// Promotion kinds.
const (
	KindPromote  Kind = "promote"
	KindRollback Kind = "rollback"
)

// AllServices is the service name that promotes every service at once.
const AllServices = "all"

// Promotion is one request to change the version a service runs in an
// environment, from request to outcome. A rollback is a Promotion of kind
// KindRollback whose RollbackOf names the promotion it undoes.
type Promotion struct {
	ID              string
	Kind            Kind
	Service         string // a service name, or AllServices
	Env             string // canonical environment name
	Version         Version
	PreviousVersion Version
	Requester       string // Slack user ID, or a name given on the CLI
	Reason          string
	Force           string // reason given to re-promote a rolled-back version; empty if none
	Approvals       []Approval
	State           State
	StateReason     string // why it entered its current state (blocked, failed, …)
	PR              PullRequest
	MergeSHA        string
	RollbackOf      string // for KindRollback: the promotion it undoes
	RolledBackBy    string // the rollback promotion that undid this one
	Evidence        *Evidence
	Rollout         *Rollout // the latest observation after merge
	Slack           MessageRef
	// RequestedRef is the version as the person named it (a short SHA, a
	// tag or a branch) when it was resolved to Version; empty otherwise.
	RequestedRef string
	// BaseSHA is the base-branch commit the promotion's change was planned on.
	BaseSHA string
	// Files are the paths the promotion's change writes.
	Files []string
	// Changes are the services the promotion moves, each from and to its
	// version (Plan.Changes); for one service it is that service's move,
	// for AllServices every service that changes. A rollback holds the
	// moves that undo the original's.
	Changes []ServiceChange
	// OriginAuthor is the GitHub login of the author of the original pull
	// request behind Version, when the engine found one; empty otherwise.
	OriginAuthor string
	// Unapproved says what was missing when a person merged the pull
	// request on GitHub before its approvals were met; empty otherwise.
	Unapproved string
	// Notified is the state the last notice was sent for; the engine
	// notifies again when it differs from State (after a crash in between).
	Notified      State
	SyncStartedAt time.Time // when deploybot asked Argo CD to sync; zero for auto sync
	CreatedAt     time.Time
	UpdatedAt     time.Time
	MergedAt      time.Time
	HealthyAt     time.Time // first Healthy observation of the new version
	WatchUntil    time.Time // end of the watch window, set at merge
	FinishedAt    time.Time
}

// Approval is one entry of a promotion's approval ledger: an approval or
// a change request, given with the Slack button or as a GitHub review.
// Entries recorded before the ledger existed carry only By and At: a
// Slack approval of the recorded head.
type Approval struct {
	By string    // Slack user ID; empty for a GitHub login Config.People does not map
	At time.Time // when it was given (a review's submitted_at)
	// Source is where it was given: ApprovalSlack (also "") or ApprovalGitHub.
	Source ApprovalSource
	// Verdict is ReviewApproved (also ""), ReviewChangesRequested or
	// ReviewDismissed (a GitHub review someone dismissed).
	Verdict ReviewVerdict
	// Login is the GitHub login: the reviewer's, or the Slack approver's
	// through Config.People; empty when unknown.
	Login string
	// HeadSHA is the pull request head it was given on; empty in entries
	// from before the ledger, which apply to the recorded head.
	HeadSHA  string
	ReviewID int64 // GitHub's review ID; 0 for Slack
	// NotCounted says why the entry can't count (the login is not in
	// people:, the person is the requester or not an approver); empty
	// when it counts.
	NotCounted string
}

// PullRequest identifies a promotion's pull request in the GitOps repo.
type PullRequest struct {
	Number  int
	URL     string
	Branch  string
	HeadSHA string
	Title   string
}

// MessageRef locates the Slack message that announces a promotion, so it
// can be updated in place after a restart.
type MessageRef struct {
	Channel string
	TS      string
}

// Evidence is what the upstream environment showed when a promotion passed
// its gate: it runs Version at Revision and has been healthy since HealthySince.
type Evidence struct {
	Env          string
	Version      Version
	Revision     string
	HealthySince time.Time
	ObservedAt   time.Time
}

// Rollout is one observation of an Argo CD Application. Times are Argo
// CD's (its controller's clock) except ObservedAt, which is deploybot's.
type Rollout struct {
	App        string
	SyncStatus string // Synced, OutOfSync, Unknown
	// SyncedRevision is the revision whose manifests the live state
	// matches, as far as Argo CD knows: ComparedRevision when SyncStatus is
	// Synced (Argo CD compared the live state with that revision and found
	// no difference), else DeployedRevision (the last revision a sync
	// applied successfully). Empty when neither is known.
	SyncedRevision string
	// ComparedRevision is status.sync.revision: the commit TargetRevision
	// resolved to at the last reconcile, which the live state was compared
	// with. It is the head even when the app is OutOfSync.
	ComparedRevision string
	// DeployedRevision is the revision of the last successful sync: the
	// last operation's result when it succeeded, else the newest entry of
	// the deployment history. DeployedAt is when that sync finished.
	DeployedRevision string
	DeployedAt       time.Time
	TargetRevision   string // spec.source.targetRevision: a branch, tag or commit
	Health           string // Healthy, Progressing, Degraded, Suspended, Missing, Unknown
	HealthMessage    string
	// HealthSince is when Health last changed to its current value
	// (status.health.lastTransitionTime); zero when Argo CD does not say.
	HealthSince      time.Time
	OperationPhase   string // Running, Succeeded, Failed, Error, Terminating; empty if none
	OperationMessage string
	// OperationRevision is the revision the last operation syncs (or
	// synced) to.
	OperationRevision string
	OperationStarted  time.Time
	OperationEnded    time.Time // zero while the operation runs
	ReconciledAt      time.Time
	Images            []string
	Unhealthy         []Resource
	ObservedAt        time.Time
}

// Resource is one resource of an Application that is not healthy.
type Resource struct {
	Kind      string
	Namespace string
	Name      string
	Health    string
	Message   string
}

// Lock records that a promotion holds a service/environment pair; only one
// promotion may be in flight for a pair at a time.
type Lock struct {
	Service     string
	Env         string
	PromotionID string
	Holder      string // the requester of the holding promotion
	Since       time.Time
}

// AuditEvent is one entry of the append-only audit log: who did what to
// which promotion, when and why.
type AuditEvent struct {
	Seq         uint64 // assigned by the store, increasing
	At          time.Time
	PromotionID string
	Actor       string
	Action      string // an Event, or a refusal such as "refused:approve"
	From        State
	To          State
	Reason      string
}
