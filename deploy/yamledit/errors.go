package yamledit

import (
	"errors"
	"fmt"
)

// Sentinels that every *Error matches with errors.Is, saying whose fault
// it is.
var (
	// ErrInvalid says the file, key path or value cannot be read or edited
	// as asked; the message says what to fix.
	ErrInvalid = errors.New("yamledit: invalid input")
	// ErrUnverified says an edit was computed but did not read back as
	// intended, so it was refused: a fault of the editor, not of the input.
	ErrUnverified = errors.New("yamledit: the edited result did not verify")
)

// Error is what every function of the package returns on failure: a
// complete sentence fit to show the person who wrote the file or the key
// path, naming the key, and whether the input (ErrInvalid) or the editor
// (ErrUnverified) is at fault. Callers usually prefix the file name.
type Error struct {
	Kind    error  // ErrInvalid or ErrUnverified
	Message string // user-facing, complete sentence(s)
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Is reports whether target is the error's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// invalidf returns an ErrInvalid *Error with a formatted message.
func invalidf(format string, args ...any) *Error {
	return &Error{Kind: ErrInvalid, Message: fmt.Sprintf(format, args...)}
}

// unverifiedf returns an ErrUnverified *Error with a formatted message.
func unverifiedf(format string, args ...any) *Error {
	return &Error{Kind: ErrUnverified, Message: fmt.Sprintf(format, args...)}
}
