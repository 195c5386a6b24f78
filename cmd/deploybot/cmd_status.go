package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newStatusCmd(e env) *cobra.Command {
	var configPath, repo string
	cmd := &cobra.Command{
		Use:   "status --config FILE --repo DIR",
		Short: "Show the version every service runs in every environment, from the GitOps files",
		Long: "status reads every service's files in every environment and prints a table.\n" +
			"A version marked * differs from the one in the environment it comes after;\n" +
			"a file that can't be read shows — and a note saying why.",
		Example: "  deploybot status --config deploybot.yaml --repo ../gitops",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			fsys, err := openRepo(repo)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, cfg.Status(fsys).Text())
			return nil
		},
	}
	configFlag(cmd, &configPath)
	repoFlag(cmd, &repo)
	return cmd
}
