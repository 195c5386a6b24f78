package main

import (
	"log/slog"
	"os"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/argocd"
	"github.com/deploybot/deploybot/integrations/github"
	"github.com/deploybot/deploybot/store"
)

// wired is the engine and what must be closed after it.
type wired struct {
	cfg     *config.Config
	store   *store.Store
	cluster *argocd.Client // nil without Argo CD settings
	engine  *deploy.Engine
}

// Close releases the store and the Argo CD connection.
func (w *wired) Close() error {
	if w.cluster != nil {
		_ = w.cluster.Close()
	}
	return w.store.Close()
}

// wire builds the engine from the config at configPath and the secrets in
// the environment: the GitHub client, the Argo CD client (left out, with
// a warning, when argocd.server or its token is missing, so commands that
// need it fail with a clear message), and the store, opened for writing
// (it refuses while a serve or another command holds it).
func wire(e env, configPath string) (*wired, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	secrets, err := config.LoadSecrets(e.getenv, os.ReadFile)
	if err != nil {
		return nil, err
	}
	// Warnings and errors, from the engine's steps too while --wait
	// follows a promotion, go to stderr; secrets are never logged (a
	// config.Secret prints redacted).
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	repo, err := github.New(github.Options{Repository: cfg.GitHub.Repository, BaseBranch: cfg.GitHub.BaseBranch,
		APIURL: cfg.GitHub.APIURL, Secrets: secrets, Logger: logger})
	if err != nil {
		return nil, err
	}
	w := &wired{cfg: cfg}
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
	w.engine, err = deploy.New(deploy.Options{Config: cfg, Repo: repo, Cluster: cluster,
		Store: store.ForEngine(w.store), Logger: logger})
	if err != nil {
		_ = w.Close()
		return nil, err
	}
	return w, nil
}
