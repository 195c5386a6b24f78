package main

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/integrations/testdrive"
)

// testdriveFlags are the testdrive's forms.
type testdriveFlags struct {
	interactive bool
	standIns    bool
	keep        bool
}

func newTestdriveCmd(e env) *cobra.Command {
	var f testdriveFlags
	cmd := &cobra.Command{
		Use:   "testdrive",
		Short: "Run the whole promotion story on local stand-ins for Slack, GitHub and Argo CD",
		Long: `testdrive starts in-process stand-ins for GitHub, Argo CD and Slack, seeded with a
sample GitOps repository, and runs the real deploybot serve against them.

Without flags it plays a script (a promotion that succeeds, one that degrades
and is rolled back), prints the Slack channel and the pull requests, and exits.
--interactive lets you type slash commands as maria or sam and press buttons.
--stand-ins starts only the stand-ins and prints their addresses.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.interactive && f.standIns {
				return usageError{errors.New("--interactive and --stand-ins are separate forms; pick one")}
			}
			return runTestdrive(cmd.Context(), e, cmd.InOrStdin(), f)
		},
	}
	cmd.Flags().BoolVar(&f.interactive, "interactive", false, "type slash commands and press buttons yourself")
	cmd.Flags().BoolVar(&f.standIns, "stand-ins", false, "start only the stand-ins and print their addresses")
	cmd.Flags().BoolVar(&f.keep, "keep", false, "keep the temporary directory (repositories, store, logs)")
	return cmd
}

// runTestdrive runs the chosen form of the testdrive with the real serve.
func runTestdrive(ctx context.Context, e env, stdin io.Reader, f testdriveFlags) error {
	return testdrive.Run(ctx, testdrive.Options{Stdin: stdin, Stdout: e.stdout, Stderr: e.stderr,
		Interactive: f.interactive, StandInsOnly: f.standIns, Keep: f.keep})
}
