package argocdfake

import (
	"context"
	"log/slog"
	"path"
	"time"
)

// Options configure a Server.
type Options struct {
	// Source is the Git repository the Applications follow. Required.
	Source Source
	// Clock gives every timestamp; defaults to the wall clock (UTC).
	// Server.Advance needs a Clock that is also an Advancer (FakeClock).
	Clock Clock
	// Tokens maps an auth token to what it may do. A request with a token
	// not in the map fails with codes.Unauthenticated.
	Tokens map[string]Permissions
	// Logger receives the server's logs; defaults to discarding them.
	Logger *slog.Logger
	// Addr is the address to listen on; defaults to "127.0.0.1:0".
	Addr string
	// Timing sets how long each phase of a rollout takes; zero fields take
	// the defaults documented on Timing.
	Timing Timing
}

// Timing sets the durations of the simulated controller, measured on the
// injected Clock.
type Timing struct {
	// Sync is how long a sync operation stays Running (default 5s).
	Sync time.Duration
	// Refresh is the delay between an operation finishing and the
	// reconcile that reports its result (default 2s), so reconciledAt is
	// always after the operation's finishedAt.
	Refresh time.Duration
	// Progress is how long the app stays Progressing before Healthy
	// (default 30s).
	Progress time.Duration
	// Reconcile is the periodic reconcile interval: a Tick at least this
	// long after the last reconcile updates reconciledAt (default 3m, as
	// Argo CD's timeout.reconciliation).
	Reconcile time.Duration
}

func (t Timing) withDefaults() Timing {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Sync, 5*time.Second)
	def(&t.Refresh, 2*time.Second)
	def(&t.Progress, 30*time.Second)
	def(&t.Reconcile, 3*time.Minute)
	return t
}

// Permissions are what one token may do, as an Argo CD project role would
// grant them. Patterns are matched with path.Match against the RBAC object
// "<project>/<app>" (e.g. "default/api-*"); "*" alone matches every app.
type Permissions struct {
	// Subject is the token's "sub", shown in permission-denied messages.
	Subject string
	// Get lists the apps the token may get, list and watch.
	Get []string
	// Sync lists the apps the token may sync (Argo also requires Get).
	Sync []string
}

// AllowAll returns Permissions to get and sync every app.
func AllowAll(subject string) Permissions {
	return Permissions{Subject: subject, Get: []string{"*"}, Sync: []string{"*"}}
}

func (p Permissions) can(action, object string) bool {
	patterns := p.Get
	if action == actionSync {
		patterns = p.Sync
	}
	for _, pat := range patterns {
		if ok, _ := path.Match(pat, object); ok || pat == "*" {
			return true
		}
	}
	return false
}

// AppSpec describes one Application.
type AppSpec struct {
	// Name is the Application's name. Required and unique.
	Name string
	// Project is the Argo CD project (default "default").
	Project string
	// Namespace is the destination namespace (default Name).
	Namespace string
	// RepoURL is spec.source.repoURL (default "https://github.com/<Repo>.git").
	RepoURL string
	// Repo is the "owner/name" the Source is asked about. Required.
	Repo string
	// Branch is the branch followed (default "main"); it is also
	// spec.source.targetRevision.
	Branch string
	// Path is spec.source.path (default ".").
	Path string
	// Paths are the files (or directories) whose change makes the app
	// OutOfSync; default []string{Path}.
	Paths []string
	// Automated turns on automated sync (prune and self-heal).
	Automated bool
	// Labels are the Application's labels (for selectors in List/Watch).
	Labels map[string]string
	// Deployment is the name of the workload in the resource tree (default
	// Name).
	Deployment string
	// Images are status.summary.images after a sync; "{revision}" and
	// "{short}" (7 characters) are replaced by the synced revision.
	Images []string
	// ImagesFor, if set, computes the images for a synced revision instead
	// of Images (e.g. by reading a values file from the Git repo).
	ImagesFor func(ctx context.Context, revision string) ([]string, error)
}

// Outcome is how a scripted rollout ends.
type Outcome string

// The outcomes a Script can ask for.
const (
	// OutcomeHealthy: Progressing, then Healthy (the default).
	OutcomeHealthy Outcome = "Healthy"
	// OutcomeDegraded: Progressing, then Degraded after Script.After, with
	// an unhealthy Deployment and a Pod in CrashLoopBackOff.
	OutcomeDegraded Outcome = "Degraded"
	// OutcomeStuck: Progressing for ever.
	OutcomeStuck Outcome = "Stuck"
	// OutcomeSyncFailed: the operation ends in phase Failed; nothing is
	// deployed.
	OutcomeSyncFailed Outcome = "SyncFailed"
	// OutcomeSyncError: the operation ends in phase Error.
	OutcomeSyncError Outcome = "SyncError"
	// OutcomeMissing: the sync succeeds but the workload is missing: health
	// Missing, sync OutOfSync.
	OutcomeMissing Outcome = "Missing"
)

// Script decides how a rollout of an app goes.
type Script struct {
	// Outcome is where the rollout ends (default OutcomeHealthy).
	Outcome Outcome
	// After is how long the app is Progressing before it turns Healthy or
	// Degraded (default Timing.Progress).
	After time.Duration
	// Message replaces the default message: the operation's message for
	// SyncFailed/SyncError, the Deployment's health message for Degraded
	// and Stuck.
	Message string
	// Revision, if set, applies the script to every rollout of that
	// revision; otherwise it applies to the next rollout only. A rollout is
	// a (non dry-run) sync that changes the app's paths; a SyncFailed or
	// SyncError script also applies to a sync that changes nothing.
	Revision string
}
