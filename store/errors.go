package store

import (
	"errors"
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
)

// ErrCorrupt is in the chain of every error that reports a damaged,
// truncated or foreign store file; test for it with errors.Is.
var ErrCorrupt = errors.New("corrupt store file")

// ErrLocked is in the chain of the error Open returns when another process
// holds the store file's lock for longer than Options.Timeout.
var ErrLocked = errors.New("store file lock not released in time")

// corruptError is what every caller sees for a file that cannot be
// trusted: which file, and how to get back to a good state.
func corruptError(path string, cause error) error {
	if !errors.Is(cause, ErrCorrupt) {
		cause = fmt.Errorf("%w: %w", cause, ErrCorrupt)
	}
	return fault.Errorf(fault.CodeInternal,
		"store file %s is damaged or is not a deploybot store; to restore it: "+
			"stop deploybot, move %s aside, copy your latest backup (made with \"deploybot backup\") to %s, "+
			"start again: %w", path, path, path, cause)
}

// corruptf returns an error wrapping ErrCorrupt that describes the damage.
func corruptf(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrCorrupt)...)
}

// lockedError tells the operator which file is held and what to do. It is
// CodeUnavailable: the store is busy, not the request wrong, and trying
// again once the holder is done may help.
func lockedError(path string, waited time.Duration) error {
	return fault.Errorf(fault.CodeUnavailable,
		"another deploybot (serve, or a CLI command) holds %s (waited %s); "+
			"stop it or use a different store.path: %w", path, waited, ErrLocked)
}

// internalf reports a broken invariant: a caller bug, never user input.
func internalf(format string, args ...any) error {
	return fault.Errorf(fault.CodeInternal, format, args...)
}

// invalidf reports an argument the store cannot accept.
func invalidf(format string, args ...any) error {
	return fault.Errorf(fault.CodeInvalid, format, args...)
}

// writeErr wraps a failed bbolt write (Put, Delete, CreateBucket,
// NextSequence) with what was being written.
func writeErr(what string, err error) error {
	return fmt.Errorf("store: write %s: %w", what, err)
}
