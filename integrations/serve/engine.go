package serve

import (
	"log/slog"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/store"
)

// EngineOptions is what OpenEngine needs: the config, the secrets (GitHub
// is required, Argo CD optional) and where warnings go.
type EngineOptions struct {
	Config  *config.Config
	Secrets config.Secrets
	Logger  *slog.Logger // nil: discarded
}

// Engine is the engine as serve wires it, over the store and the GitHub
// and Argo CD clients, but without Slack, the local API or the HTTP
// endpoints: what a command uses when no serve runs. Close releases it.
type Engine struct {
	*deploy.Engine
	store   *store.Store
	cluster *argocd.Client // nil without Argo CD settings
}

// Close releases the store and the Argo CD connection. It returns the
// store's error.
func (e *Engine) Close() error {
	if e.cluster != nil {
		_ = e.cluster.Close()
	}
	return e.store.Close()
}

// OpenEngine builds the engine from o: the GitHub client, the Argo CD
// client (left out, with a warning, when argocd.server or its token is
// missing, so steps that need it fail with a clear message), and the
// store, opened for writing. It returns the clients' errors, and the
// store's when a serve or another command holds it (store.ErrLocked).
func OpenEngine(o EngineOptions) (*Engine, error) {
	cfg, secrets, logger := o.Config, o.Secrets, o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	repo, err := github.New(github.Options{Repository: cfg.GitHub.Repository, BaseBranch: cfg.GitHub.BaseBranch,
		APIURL: cfg.GitHub.APIURL, Secrets: secrets, Logger: logger})
	if err != nil {
		return nil, err
	}
	w := &Engine{}
	var cluster deploy.Cluster
	if cfg.ArgoCD.Server != "" && !secrets.ArgoCDAuthToken.IsZero() {
		if w.cluster, err = argocd.New(argocd.OptionsFrom(cfg, secrets, logger)); err != nil {
			return nil, err
		}
		cluster = w.cluster
	} else {
		logger.Warn("Argo CD is not configured: set argocd.server and " + config.EnvArgoCDAuthToken +
			"; commands that need it will fail")
	}
	if w.store, err = store.Open(store.Options{Path: cfg.Store.Path, Logger: logger}); err != nil {
		if w.cluster != nil {
			_ = w.cluster.Close()
		}
		return nil, err
	}
	w.Engine, err = deploy.New(deploy.Options{Config: cfg, Repo: repo, Cluster: cluster,
		Store: store.ForEngine(w.store), Logger: logger})
	if err != nil {
		_ = w.Close()
		return nil, err
	}
	return w, nil
}
