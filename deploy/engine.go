package deploy

import (
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Options configure an Engine. Config, Repo and Store are required;
// Cluster may be nil (operations that need Argo CD then fail with a clear
// message), Notifier may be nil (nobody is told), Clock defaults to the
// wall clock, Logger discards by default and NewID returns random IDs.
type Options struct {
	Config   *config.Config
	Repo     Repo
	Cluster  Cluster
	Store    Store
	Notifier Notifier
	Clock    Clock
	Logger   *slog.Logger
	NewID    func() string
	// People looks up a GitHub reviewer's user groups; nil counts their
	// Slack user ID alone against an environment's approvers.
	People PersonLookup
}

// Engine moves promotions through their states. Slack handlers, the
// command line and the background loop all call it. It is safe for
// concurrent use: operations on one promotion run one at a time, and the
// store's lock decides between promotions of the same service and
// environment.
type Engine struct {
	cfg      *config.Config
	repo     Repo
	cluster  Cluster
	store    Store
	notifier Notifier
	clock    Clock
	log      *slog.Logger
	newID    func() string
	people   PersonLookup

	mu       sync.Mutex
	locks    map[string]*promotionLock // per promotion ID in use; see lockPromotion
	ancestry ancestry                  // per promotion: revisions that contain its merge
}

// New returns an Engine for opts. It returns a *Error with CodeInternal
// when Config, Repo or Store is missing.
func New(opts Options) (*Engine, error) {
	if opts.Config == nil || opts.Repo == nil || opts.Store == nil {
		return nil, fault.Errorf(fault.CodeInternal, "deploy.New needs a Config, a Repo and a Store")
	}
	e := &Engine{cfg: opts.Config, repo: opts.Repo, cluster: opts.Cluster, store: opts.Store,
		notifier: opts.Notifier, clock: opts.Clock, log: opts.Logger, newID: opts.NewID,
		people: opts.People, locks: map[string]*promotionLock{}}
	if e.clock == nil {
		e.clock = systemClock{}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.log = e.log.With("component", "engine")
	if e.newID == nil {
		e.newID = randomID
	}
	return e, nil
}

// systemClock is the real time, in UTC.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now().UTC() }

// randomID returns a short random promotion ID like "p7k2m9qa3x".
func randomID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "p" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// now returns the engine's clock in UTC.
func (e *Engine) now() time.Time { return e.clock.Now().UTC() }

// promotionLock is one promotion's mutex and how many callers hold it or
// wait for it; refs is guarded by Engine.mu.
type promotionLock struct {
	mu   sync.Mutex
	refs int
}

// lockPromotion serialises operations on promotion id within this
// process and returns the unlock function, to be called exactly once.
// The entry for id is dropped when its last holder unlocks, so e.locks
// holds only the promotions being worked on.
func (e *Engine) lockPromotion(id string) func() {
	e.mu.Lock()
	l, ok := e.locks[id]
	if !ok {
		l = &promotionLock{}
		e.locks[id] = l
	}
	l.refs++
	e.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		e.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(e.locks, id)
		}
		e.mu.Unlock()
	}
}

// needCluster returns a *Error with CodeInternal when the engine has no
// Argo CD client.
func (e *Engine) needCluster() error {
	if e.cluster == nil {
		return fault.Errorf(fault.CodeInternal, "deploybot has no Argo CD connection (argocd.server or %s is not set up), so it can't follow rollouts", config.EnvArgoCDAuthToken)
	}
	return nil
}

// environment returns the canonical environment of p.
func (e *Engine) environment(p Promotion) (config.Environment, error) {
	return e.cfg.ResolveEnvironment(p.Env)
}

// appName returns the Argo CD application of service in env.
func appName(svc config.Service, env string) string {
	return config.ExpandTemplate(svc.ArgoCDApp, map[string]string{"service": svc.Name, "env": env})
}
