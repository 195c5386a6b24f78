package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/integrations/localapi"
)

func newCancelCmd(e env) *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "cancel --config FILE PROMOTION_ID",
		Short: "Cancel a promotion that is not merged yet, closing its pull request",
		Long: "cancel stops a promotion before its pull request is merged: it closes the pull\n" +
			"request, deletes its branch and records the promotion as cancelled. Its\n" +
			"requester or an approver of its environment may cancel it. Who cancels is\n" +
			"proven by " + localapi.EnvToken + " (an automation token, or a GitHub token mapped\n" +
			"through people:), or else GITHUB_TOKEN. It goes through the running deploybot\n" +
			"serve, or opens the store itself when none runs.",
		Example: "  DEPLOYBOT_TOKEN=... deploybot cancel --config deploybot.yaml p-20260302-0007",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := actOnPromotion(cmd.Context(), e, configPath, args[0], cancelAction)
			if err != nil {
				return err
			}
			printCancelled(e.stdout, a)
			return nil
		},
	}
	configFlag(cmd, &configPath)
	return cmd
}

// cancelAction cancels a promotion through the API or the engine.
var cancelAction = promotionAction{
	api: func(ctx context.Context, c *localapi.Client, id string) (deploy.Promotion, error) {
		return c.Cancel(ctx, id)
	},
	engine: func(ctx context.Context, en *deploy.Engine, id string, by deploy.Person) (deploy.Promotion, error) {
		return en.Cancel(ctx, id, by)
	},
}

// printCancelled writes what was cancelled, by whom, and its closed pull
// request.
func printCancelled(out io.Writer, a acted) {
	p := a.p
	fmt.Fprintf(out, "promotion %s (%s %s in %s) cancelled by %s: %s\n", p.ID, p.Service, p.Version, p.Env, a.by, p.State)
	if p.PR.URL != "" {
		fmt.Fprintf(out, "pull request closed: %s\n", p.PR.URL)
	}
}
