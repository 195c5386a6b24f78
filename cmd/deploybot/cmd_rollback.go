package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/localapi"
)

func newRollbackCmd(e env) *cobra.Command {
	var configPath, requester, reason string
	cmd := &cobra.Command{
		Use:   "rollback --config FILE SERVICE ENV [--reason TEXT]",
		Short: "Roll back the latest deployed promotion of a service with a revert pull request",
		Long: "rollback reverts the latest deployed promotion of SERVICE in ENV through a\n" +
			"pull request, merged at once when the environment's rollback policy needs no\n" +
			"approval, and prints it. The rolled-back version then needs --force to be\n" +
			"promoted again. Who rolls back is proven by " + localapi.EnvToken + " (an automation\n" +
			"token, or a GitHub token mapped through people:), or else GITHUB_TOKEN. It goes\n" +
			"through the running deploybot serve, or opens the store itself when none runs.",
		Example: "  DEPLOYBOT_TOKEN=... deploybot rollback --config deploybot.yaml api prod --reason 'crash loop'",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if requester != "" {
				return errRequesterGone
			}
			rb, err := rollback(cmd.Context(), e, configPath, args[0], args[1], reason)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "rollback %s of promotion %s: %s %s → %s in %s (%s)\n",
				rb.ID, rb.RollbackOf, rb.Service, rb.PreviousVersion, rb.Version, rb.Env, rb.State)
			fmt.Fprintf(e.stdout, "pull request: %s\n", rb.PR.URL)
			return nil
		},
	}
	configFlag(cmd, &configPath)
	cmd.Flags().StringVar(&requester, "requester", "", "gone: who rolls back is proven by "+localapi.EnvToken)
	_ = cmd.Flags().MarkHidden("requester")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the pull request and the audit log")
	return cmd
}

// rollback rolls back service in env as the token's identity, through
// the running serve or an engine on the store.
func rollback(ctx context.Context, e env, configPath, service, envName, reason string) (deploy.Promotion, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return deploy.Promotion{}, err
	}
	token := cliToken(e.getenv)
	c, err := dialServe(ctx, cfg.Store.Path, token)
	if err != nil {
		return deploy.Promotion{}, err
	}
	if c != nil {
		return c.Rollback(ctx, localapi.RollbackRequest{Service: service, Env: envName, Reason: reason})
	}
	id, err := localIdentity(ctx, e, cfg, token)
	if err != nil {
		return deploy.Promotion{}, err
	}
	if err := deploy.CheckAutomation(cfg, id.Person, envName); err != nil {
		return deploy.Promotion{}, err
	}
	w, err := wire(e, configPath)
	if err != nil {
		return deploy.Promotion{}, err
	}
	defer w.Close()
	return w.Engine.Rollback(ctx, deploy.RollbackRequest{Service: service, Env: envName, Person: id.Person, Reason: reason})
}
