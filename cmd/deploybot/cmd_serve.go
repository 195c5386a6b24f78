package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// newServeCmd builds `deploybot serve`.
func newServeCmd(e env) *cobra.Command {
	var configPath, format, level string
	cmd := &cobra.Command{
		Use:   "serve --config FILE [--log-format json|text] [--log-level info|debug]",
		Short: "Run the Slack bot, the background loop and the HTTP endpoints until SIGTERM",
		Long: "serve connects to Slack in Socket Mode, follows open pull requests and rollouts,\n" +
			"and serves /healthz, /readyz and /metrics on server.listen (default :8080).\n" +
			"Every problem that keeps it from starting is reported at once, with exit code 2.",
		Example: "  deploybot serve --config /etc/deploybot/deploybot.yaml --log-format text",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger, err := newLogger(e.stderr, format, level)
			if err != nil {
				return err
			}
			if configPath == "" {
				_, err := loadConfig(configPath)
				return err
			}
			o, err := serveStartup(e, configPath, logger)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), o)
		},
	}
	configFlag(cmd, &configPath)
	cmd.Flags().StringVar(&format, "log-format", "json", "log format: json or text")
	cmd.Flags().StringVar(&level, "log-level", "info", "log level: info or debug")
	return cmd
}

// newLogger returns the slog logger serve writes to w, or a usageError
// for an unknown format or level.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{}
	switch level {
	case "info":
		opts.Level = slog.LevelInfo
	case "debug":
		opts.Level = slog.LevelDebug
	default:
		return nil, usageError{fmt.Errorf("--log-level %q: use info or debug", level)}
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format %q: use json or text", format)}
}

// serveStartup loads the config and the secrets and opens the store,
// collecting every problem. It returns the options for serve (owning the
// open store), or an error listing each problem on a line of its own
// whose exit code is 2.
func serveStartup(e env, configPath string, logger *slog.Logger) (serveOptions, error) {
	var problems []string
	cfg, err := config.Load(configPath)
	if err != nil {
		problems = append(problems, lines(err)...)
	}
	secrets, err := config.LoadSecrets(e.getenv, os.ReadFile)
	problems = append(problems, secretProblems(e.getenv, secrets, err)...)
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
		return serveOptions{}, startupError(problems)
	}
	return serveOptions{Config: cfg, Secrets: secrets, Logger: logger, Store: st}, nil
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
