package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy/fault"
)

// usageError marks a command line that is wrong in itself: an unknown
// subcommand or flag, a missing or extra argument.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// Exit codes of every deploybot command, serve included.
const (
	exitOK          = 0 // done
	exitFailed      = 1 // the promotion failed, or deploybot failed inside
	exitBadInput    = 2 // bad input or a refused request: fix it and try again
	exitUnavailable = 3 // a dependency is down or limiting deploybot: retry may help
)

// exitCodesHelp is the exit-code table shown in --help.
const exitCodesHelp = `Exit codes:
  0  done
  1  the promotion failed, or deploybot failed inside (see the log)
  2  bad input or a refused request (usage, config, unknown name, a gate,
     missing permission): fix what the message says and run it again
  3  a dependency (GitHub, Argo CD, Slack, a running deploybot) is down or
     limiting deploybot: nothing was changed by the failed step; retry later`

// exitCode maps an error from run to the process exit code: 0 for none,
// 2 for bad input or a refused request (usage, invalid config or request,
// a named thing that does not exist, a conflict with the current state, a
// gate that blocks it, a person or credential that may not do it), 3 when
// a dependency is unavailable or rate limiting, 1 otherwise (including a
// promotion that ended badly).
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		return exitBadInput
	}
	var f promotionFailed
	if errors.As(err, &f) {
		return exitFailed
	}
	switch fault.ErrorCode(err) {
	case fault.CodeInvalid, fault.CodeNotFound, fault.CodeConflict, fault.CodeBlocked, fault.CodeUnauthorised:
		return exitBadInput
	case fault.CodeUnavailable, fault.CodeRateLimited:
		return exitUnavailable
	}
	return exitFailed
}

// promotionFailed marks a promotion that ended, but not succeeded:
// failed, rolled back, cancelled, superseded or blocked while waited for.
type promotionFailed struct{ err error }

func (f promotionFailed) Error() string { return f.err.Error() }
func (f promotionFailed) Unwrap() error { return f.err }

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
