package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

func newStatusCmd(e env) *cobra.Command {
	var configPath, repo string
	cmd := &cobra.Command{
		Use:   "status --config FILE [--repo DIR]",
		Short: "Show the version every service runs in every environment, from the GitOps files",
		Long: "status reads every service's files in every environment and prints a table.\n" +
			"A version marked * differs from the one in the environment it comes after;\n" +
			"a file that can't be read shows — and a note saying why.\n\n" +
			"With --repo it reads the checkout DIR. Without, it asks the running deploybot\n" +
			"serve, which reads the GitOps repository's base branch on GitHub and also\n" +
			"lists the promotions in flight.",
		Example: "  deploybot status --config deploybot.yaml --repo ../gitops\n" +
			"  deploybot status --config deploybot.yaml",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			if repo == "" {
				return statusFromServe(cmd.Context(), e, cfg)
			}
			fsys, err := openRepo(repo)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, deploy.Status(cfg, fsys).Text())
			return nil
		},
	}
	configFlag(cmd, &configPath)
	cmd.Flags().StringVar(&repo, "repo", "", "path to a checkout of the GitOps repository (default: ask the running deploybot serve)")
	return cmd
}

// statusFromServe prints the running serve's status: the table of the
// base branch and the promotions in flight.
func statusFromServe(ctx context.Context, e env, cfg *config.Config) error {
	c, err := dialServe(ctx, cfg.Store.Path, cliToken(e.getenv))
	if err != nil {
		return err
	}
	if c == nil {
		return usageError{errors.New("--repo is required when no deploybot serve runs: name the checkout of your GitOps repository, e.g. --repo ../gitops " +
			"(with a running serve, status reads the base branch on GitHub)")}
	}
	st, err := c.Status(ctx)
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, st.Table)
	printActive(e.stdout, st.Active)
	return nil
}

// printActive lists the promotions in flight, if any.
func printActive(out io.Writer, active []deploy.Promotion) {
	if len(active) == 0 {
		fmt.Fprintln(out, "\nNo promotion in flight.")
		return
	}
	fmt.Fprintln(out, "\nIn flight:")
	for _, p := range active {
		fmt.Fprintf(out, "  %s  %s %s → %s in %s: %s (requested by %s)\n", p.ID, p.Service, p.PreviousVersion, p.Version, p.Env, p.State, p.Requester)
	}
}
