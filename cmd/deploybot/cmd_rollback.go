package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
)

func newRollbackCmd(e env) *cobra.Command {
	var configPath, requester, reason string
	cmd := &cobra.Command{
		Use:   "rollback --config FILE SERVICE ENV --requester NAME [--reason TEXT]",
		Short: "Roll back the latest deployed promotion of a service with a revert pull request",
		Long: "rollback reverts the latest deployed promotion of SERVICE in ENV through a\n" +
			"pull request, merged at once when the environment's rollback policy needs no\n" +
			"approval, and prints it. The rolled-back version then needs --force to be\n" +
			"promoted again.",
		Example: "  deploybot rollback --config deploybot.yaml api prod --requester maria --reason 'crash loop'",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if requester == "" {
				return usageError{errors.New("--requester is required: name who rolls back, e.g. --requester maria")}
			}
			w, err := wire(e, configPath)
			if err != nil {
				return err
			}
			defer w.Close()
			rb, err := w.engine.Rollback(cmd.Context(), deploy.RollbackRequest{Service: args[0], Env: args[1],
				Person: deploy.Person{ID: requester}, Reason: reason})
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
	cmd.Flags().StringVar(&requester, "requester", "", "who rolls back (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the pull request and the audit log")
	return cmd
}
