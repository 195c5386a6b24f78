package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy/config"
)

// env is everything a subcommand may take from the process beyond its
// arguments, so tests can run commands without touching the real process.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// run executes the deploybot command line in args (without the program
// name). It writes results to stdout and every problem to stderr, and
// returns an error that exitCode maps to the process exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return nil
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "deploybot: %s\n\n%s", err, usageFor(root, args))
		return usageError{err}
	}
	report(stderr, err)
	return err
}

// newRootCmd builds the command tree.
func newRootCmd(e env) *cobra.Command {
	root := &cobra.Command{
		Use:           "deploybot",
		Short:         "Slack ChatOps bot for GitOps promotions",
		Long:          "deploybot is a Slack ChatOps bot for GitOps promotions.\n\n" + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("a subcommand is required")}
		},
	}
	root.CompletionOptions.DisableDefaultCmd = true
	// Every subcommand inherits this, so unknown flags are usage errors too;
	// unknown commands and extra arguments are caught by noArgs and friends.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newValidateCmd(e), newBackupCmd(e), newRestoreCmd(e), newVersionCmd(e), newPlanCmd(e), newPromoteCmd(e), newApproveCmd(e), newCancelCmd(e), newRollbackCmd(e), newHistoryCmd(e), newStatusCmd(e), newServeCmd(e), newTestdriveCmd(e))
	return root
}

// report writes err to stderr as the person should read it: every line of
// a config error on its own line, domain messages as they are, and internal
// errors in full (the CLI user is the operator).
func report(stderr io.Writer, err error) {
	var ce *config.FileError
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "%s has %d problem(s):\n", ce.File, len(ce.Problems))
		for _, p := range ce.Problems {
			fmt.Fprintf(stderr, "  %s\n", p)
		}
		return
	}
	fmt.Fprintf(stderr, "deploybot: %s\n", err)
}

// usageFor returns the usage text of the subcommand args name, or of the
// root command.
func usageFor(root *cobra.Command, args []string) string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil {
		cmd = root
	}
	return cmd.UsageString()
}
