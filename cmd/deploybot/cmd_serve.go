package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/integrations/serve"
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
			o, err := serve.LoadOptions(configPath, e.getenv, logger)
			if err != nil {
				return err
			}
			return serve.Run(cmd.Context(), o)
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
