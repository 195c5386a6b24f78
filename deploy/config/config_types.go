package config

import "time"

// Config is a parsed and validated deploybot.yaml. Build one with
// Parse or Load; a Config returned without error is valid.
type Config struct {
	Slack        SlackConfig
	GitHub       GitHubConfig
	ArgoCD       ArgoCDConfig
	Store        StoreConfig
	Server       ServerConfig
	Environments []Environment // in file order
	Services     []Service     // in file order
	// People maps Slack user IDs to GitHub logins, for the checks that
	// match a Slack user with a GitHub author (approverNotAuthor).
	People map[string]string
	// Automation lists the pipelines that may request promotions and
	// rollbacks through the local API with a token (see Automation).
	Automation []Automation
	// API is the optional `api` section: the local API on TCP.
	API APIConfig
}

// SlackConfig is the `slack` section.
type SlackConfig struct {
	Channel string // channel ID where announcements go, e.g. C0123456789
	// APIURL is the Slack Web API base ending in "/api/"; empty is
	// Slack's own. Set it to point serve at the testdrive's stand-in.
	APIURL string
}

// GitHubConfig is the `github` section.
type GitHubConfig struct {
	Repository    string   // owner/name of the GitOps config repo
	BaseBranch    string   // default "main"
	APIURL        string   // GitHub Enterprise API base URL; empty for github.com
	Reviewers     []string // GitHub logins requested as reviewers on promotion PRs
	TeamReviewers []string // GitHub team slugs requested as reviewers
}

// ArgoCDConfig is the `argocd` section.
type ArgoCDConfig struct {
	Server          string // host:port of the Argo CD API server
	Plaintext       bool   // no TLS at all
	Insecure        bool   // TLS without certificate verification
	AllowInsecure   bool   // permit Insecure for environments that need approvals
	GRPCWeb         bool   // tunnel gRPC over HTTP/1.1 (gRPC-Web)
	GRPCWebRootPath string // path prefix when Argo CD is served below a root path
}

// StoreConfig is the `store` section.
type StoreConfig struct {
	Path string // the bbolt file
}

// ServerConfig is the optional `server` section: where deploybot serve
// listens for /healthz, /readyz and /metrics.
type ServerConfig struct {
	Listen string // host:port or :port; default DefaultListen
}

// DefaultListen is server.listen when the config leaves it out.
const DefaultListen = ":8080"

// SyncPolicy says what happens in an environment after a promotion merges.
type SyncPolicy string

// Sync policies.
const (
	SyncAuto   SyncPolicy = "auto"   // Argo CD syncs by itself
	SyncManual SyncPolicy = "manual" // the bot starts the sync after merge
)

// Default durations applied when the config leaves them out.
const (
	DefaultWatch            = 30 * time.Minute
	DefaultProgressDeadline = 10 * time.Minute
)

// Environment is one entry of `environments`.
type Environment struct {
	Name             string
	Aliases          []string
	After            string        // upstream environment that must run the version first
	Soak             time.Duration // how long the version must be healthy upstream
	Approvals        int           // approvals needed from people other than the requester
	Approvers        []string      // Slack user (U…/W…) or user-group (S…) IDs
	Promoters        []string      // who may request promotions; empty means anyone
	Sync             SyncPolicy
	Watch            time.Duration // rollout watch window after merge
	ProgressDeadline time.Duration // Progressing longer than this after sync fails the rollout
	Labels           []string      // GitHub labels on promotion PRs
	Rollback         RollbackPolicy
	Monitoring       string // URL template over {service} and {env}
	Freeze           []FreezeWindow
	// ApproverNotAuthor refuses approvals from the author of the original
	// pull request behind the version (matched through Config.People).
	ApproverNotAuthor bool
	// UnapprovedMerge is what happens when a person merges a promotion's
	// pull request on GitHub before its approvals are met; empty means
	// UnapprovedAlert.
	UnapprovedMerge UnapprovedMergePolicy
}

// UnapprovedMergePolicy says what deploybot does about a promotion merged
// on GitHub without the approvals its environment needs.
type UnapprovedMergePolicy string

// Unapproved-merge policies.
const (
	// UnapprovedAlert posts a loud alert and audits it; the watch runs.
	UnapprovedAlert UnapprovedMergePolicy = "alert"
	// UnapprovedRollback also opens the revert pull request at once (and
	// merges it when the rollback policy needs no approval).
	UnapprovedRollback UnapprovedMergePolicy = "rollback"
)

// Protected reports whether the environment gates promotions on an upstream
// environment or on approvals; such environments never take moving tags.
func (e Environment) Protected() bool { return e.After != "" || e.Approvals > 0 }

// RollbackPolicy is an environment's `rollback` section.
type RollbackPolicy struct {
	Approvals int // approvals a rollback needs; 0 lets an authorised person roll back at once
}

// FreezeWindow is a period in which promotions into an environment are
// blocked. It is either recurring (Days, From, To in Location) or absolute
// (Start, End).
type FreezeWindow struct {
	Days     []time.Weekday // recurring: the days it applies on
	From, To ClockTime      // recurring: local time of day, To inclusive to the minute
	Location *time.Location // recurring: the time zone of From and To
	Start    time.Time      // absolute: first instant frozen
	End      time.Time      // absolute: first instant no longer frozen
	Reason   string
}

// Recurring reports whether w repeats weekly rather than spanning fixed instants.
func (w FreezeWindow) Recurring() bool { return len(w.Days) > 0 }

// ClockTime is a time of day in minutes after midnight.
type ClockTime int

// VersionPattern names how a service's versions look.
type VersionPattern string

// Version patterns.
const (
	PatternSemver VersionPattern = "semver" // 1.2.3 or v1.2.3, with optional pre-release/build
	PatternSHA    VersionPattern = "sha"    // a full 40-hex lowercase commit SHA
	PatternAny    VersionPattern = "any"    // any safe single token
)

// Service is one entry of `services`.
type Service struct {
	Name      string
	ArgoCDApp string // template over {service} and {env}
	Version   VersionPattern
	Source    string // optional owner/name of the application repo
	Files     []FileTarget
}

// FileTarget is one GitOps file location that holds a service's version.
type FileTarget struct {
	Path  string // template over {service} and {env}
	Key   string // key path: a.b[0].c[name=x]
	Value string // template over {version}, {service}, {env}; contains {version}
	// Components is a template over {service} and {env} naming the
	// per-service file generated from Path, like
	// promotions/{env}/{service}.yaml. Non-empty marks Path as an
	// environment-wide promotions file holding the default at Key and
	// per-service overrides at components.<service>.<Key>; Key is then a
	// plain dotted path.
	Components string
}
