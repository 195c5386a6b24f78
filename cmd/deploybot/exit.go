package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
)

// usageError marks a command line that is wrong in itself: an unknown
// subcommand or flag, a missing or extra argument.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// exitCode maps an error from run to the process exit code: 0 for none, 2
// for bad input or a refused request (usage, invalid config or request, a
// named thing that does not exist, a gate that blocks it, a person who may
// not do it), 1 otherwise (including a promotion that ended badly).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	switch deploy.ErrorCode(err) {
	case deploy.CodeInvalid, deploy.CodeNotFound, deploy.CodeBlocked, deploy.CodeUnauthorised:
		return 2
	}
	return 1
}

// noArgs is cobra.NoArgs returning a usageError.
func noArgs(cmd *cobra.Command, args []string) error {
	return wrapUsage(cobra.NoArgs(cmd, args))
}

// exactArgs is cobra.ExactArgs returning a usageError.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		return wrapUsage(cobra.ExactArgs(n)(cmd, args))
	}
}

func wrapUsage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}
