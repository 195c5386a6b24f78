package fault

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for the person who caused it.
type Code string

// Error codes.
const (
	CodeInvalid      Code = "invalid"      // bad input: fix the request or the config
	CodeNotFound     Code = "not_found"    // the named thing does not exist
	CodeConflict     Code = "conflict"     // the state does not allow it now
	CodeUnauthorised Code = "unauthorised" // the person may not do this
	CodeBlocked      Code = "blocked"      // a gate stops it: freeze, soak, upstream
	CodeRateLimited  Code = "rate_limited" // a dependency asks deploybot to slow down: retry later
	CodeUnavailable  Code = "unavailable"  // a dependency is down or did not answer: retry may help
	CodeInternal     Code = "internal"     // anything else: deploybot's own fault
)

// dependency reports the codes that say a dependency failed, not the
// request: a wrap never hides them (see ErrorCode).
func (c Code) dependency() bool { return c == CodeUnavailable || c == CodeRateLimited }

// Coded is an error of a package below this one that knows its Code
// without being an *Error, like config's FileError and InvalidError (the
// configuration model refuses input without depending on the engine's
// error type). ErrorCode takes its FaultCode and UserMessage its Error()
// text, as for an *Error's Message.
type Coded interface {
	error
	FaultCode() Code
}

// Error is a domain error: a Code, a message fit to show the person who
// caused it, and optionally the underlying error.
type Error struct {
	Code    Code
	Message string // user-facing, complete sentence(s), no secrets
	Err     error  // optional cause, for logs
}

// Error returns the message, followed by the cause when there is one and
// the message does not already end with it (as Errorf's %w messages do).
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	cause := e.Err.Error()
	if strings.HasSuffix(e.Message, cause) {
		return e.Message
	}
	return e.Message + ": " + cause
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and a formatted user-facing message.
// A %w verb wraps the cause as with fmt.Errorf.
func Errorf(code Code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: wrapped.Error(), Err: errors.Unwrap(wrapped)}
}

// ErrorCode returns the code of the first *Error in err's chain, CodeInternal
// for any other non-nil error, and "" for nil. A dependency failure
// (CodeUnavailable, CodeRateLimited) anywhere in the chain wins over the
// codes wrapped around it: a wrap never turns an outage into the
// person's mistake.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	if de := Dependency(err); de != nil {
		return de.Code
	}
	var de *Error
	if errors.As(err, &de) {
		return de.Code
	}
	var c Coded
	if errors.As(err, &c) {
		return c.FaultCode()
	}
	return CodeInternal
}

// UserMessage returns what to tell the person: the domain message, or for
// internal errors a generic sentence that reveals nothing.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	if dep := Dependency(err); dep != nil {
		return dep.Message
	}
	var de *Error
	if errors.As(err, &de) && de.Code != CodeInternal {
		return de.Message
	}
	var c Coded
	if errors.As(err, &c) && c.FaultCode() != CodeInternal {
		return c.Error()
	}
	return "Something went wrong, nothing was changed. The error is in deploybot's log."
}

// Transient reports whether err says nothing about the request itself: a
// dependency is down or limiting deploybot (CodeUnavailable,
// CodeRateLimited), or deploybot failed inside (CodeInternal). A
// transient error is never recorded as the request's fault: a promotion
// keeps its state and the next tick tries again.
func Transient(err error) bool {
	switch ErrorCode(err) {
	case CodeUnavailable, CodeRateLimited, CodeInternal:
		return true
	}
	return false
}

// Dependency returns the outermost *Error in err's tree (following
// Unwrap() error and Unwrap() []error) whose code is a dependency
// failure, or nil.
func Dependency(err error) *Error {
	for err != nil {
		if de, ok := err.(*Error); ok && de.Code.dependency() {
			return de
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if de := Dependency(e); de != nil {
					return de
				}
			}
			return nil
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return nil
		}
	}
	return nil
}
