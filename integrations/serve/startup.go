package serve

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// LoadOptions loads the config file at configPath and the secrets from
// getenv (a NAME_FILE variable names a file holding the secret) and opens
// the store, collecting every problem: a config error, each secret that is
// malformed or not set, a store another process holds. It returns the
// options for Run, owning the open store (logging to logger), or a startup
// error listing each problem on a line of its own (fault.CodeInvalid:
// exit code 2).
func LoadOptions(configPath string, getenv func(string) string, logger *slog.Logger) (Options, error) {
	var problems []string
	cfg, err := config.Load(configPath)
	if err != nil {
		problems = append(problems, lines(err)...)
	}
	secrets, err := config.LoadSecrets(getenv, os.ReadFile)
	problems = append(problems, secretProblems(getenv, secrets, err)...)
	var st *store.Store
	if cfg != nil {
		st, err = store.Open(store.Options{Path: cfg.Store.Path, Logger: logger})
		if err != nil {
			problems = append(problems, lines(err)...)
		}
	}
	if len(problems) > 0 {
		if st != nil {
			_ = st.Close()
		}
		return Options{}, startupError(problems)
	}
	return Options{Config: cfg, Secrets: secrets, Logger: logger, Store: st}, nil
}

// secretProblems returns what is wrong with the secrets: the malformed
// ones LoadSecrets reported (loadErr), and each one serve needs that is
// not set at all (LoadSecrets returns no secrets on error, so Require's
// answer is then filtered by what the environment sets).
func secretProblems(getenv func(string) string, s config.Secrets, loadErr error) []string {
	required := []config.SecretGroup{config.SecretsSlack, config.SecretsGitHub, config.SecretsArgoCD}
	if loadErr == nil {
		return lines(s.Require(required...))
	}
	set := func(name string) bool { return getenv(name) != "" || getenv(name+"_FILE") != "" }
	out := lines(loadErr)
	for _, m := range lines(config.Secrets{}.Require(required...)) {
		name, _, _ := strings.Cut(m, " ")
		if set(name) || (name == config.EnvGitHubToken && set(config.EnvGitHubAppID)) {
			continue // set, so reported above if malformed
		}
		out = append(out, m)
	}
	return out
}

// lines splits an error's message into its lines; nil has none.
func lines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// startupError lists the problems that keep serve from starting, one per
// line. Its ErrorCode is invalid, so the exit code is 2.
func startupError(problems []string) error {
	return &fault.Error{Code: fault.CodeInvalid,
		Message: fmt.Sprintf("serve cannot start; %d problem(s):\n  %s", len(problems), strings.Join(problems, "\n  "))}
}

// asStartupError turns an error met while serve builds its parts into a
// startup error, keeping a startup error as it is.
func asStartupError(err error) error {
	var de *fault.Error
	if errors.As(err, &de) && strings.HasPrefix(de.Message, "serve cannot start") {
		return err
	}
	return startupError(lines(err))
}
