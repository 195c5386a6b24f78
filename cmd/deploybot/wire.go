package main

import (
	"log/slog"
	"os"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/serve"
)

// wire builds the engine a command uses when no serve runs
// (serve.OpenEngine) from the config at configPath and the secrets in the
// environment. Warnings and errors, from the engine's steps too while
// --wait follows a promotion, go to stderr; secrets are never logged (a
// config.Secret prints redacted). The store is opened for writing: it
// refuses while a serve or another command holds it.
func wire(e env, configPath string) (*serve.Engine, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	secrets, err := config.LoadSecrets(e.getenv, os.ReadFile)
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return serve.OpenEngine(serve.EngineOptions{Config: cfg, Secrets: secrets, Logger: logger})
}
