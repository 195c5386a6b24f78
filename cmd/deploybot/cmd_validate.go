package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy/config"
)

// configFlag registers the --config flag every subcommand that reads
// deploybot.yaml shares.
func configFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVarP(path, "config", "c", "", "path to deploybot.yaml (required)")
}

// loadConfig reads the config named by --config, or explains how to name one.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return nil, usageError{errors.New("--config is required: name your deploybot.yaml, e.g. --config deploybot.yaml")}
	}
	return config.Load(path)
}

func newValidateCmd(e env) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:     "validate --config FILE",
		Short:   "Check a deploybot.yaml and print a one-line summary, or every problem",
		Example: "  deploybot validate --config deploybot.yaml",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := loadConfig(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %s\n", path, cfg.Summary())
			return nil
		},
	}
	configFlag(cmd, &path)
	return cmd
}
