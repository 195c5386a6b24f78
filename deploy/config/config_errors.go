package config

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is one thing wrong with a config file: the key it concerns, the
// line it is on (0 when unknown), and what is expected instead.
type Problem struct {
	Key     string // e.g. services.api.files[0].key; empty for the whole file
	Line    int
	Message string
}

// String renders the problem as "line 12: services.api.files[0].key: message".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Key != "" {
		b.WriteString(p.Key)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// FileError is every problem found in one config file. Its ErrorCode is
// CodeInvalid.
type FileError struct {
	File     string
	Problems []Problem
}

// Error lists the problems one per line, each prefixed with the file name.
func (e *FileError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if e.File != "" {
			lines[i] = e.File + ": " + p.String()
		} else {
			lines[i] = p.String()
		}
	}
	return strings.Join(lines, "\n")
}

// InvalidError is input the configuration model refuses outside a config
// file: a name no environment or service has, a template that does not
// parse, a credential the process environment does not hold. Message
// says what is wrong and how to fix it; deploy.ErrorCode maps it to
// CodeInvalid and deploy.UserMessage shows Message.
type InvalidError struct {
	Message string
	Err     error // what caused it, if anything
}

// Error returns the message.
func (e *InvalidError) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *InvalidError) Unwrap() error { return e.Err }

// invalidf returns an *InvalidError whose message is format with args; a
// %w verb makes the wrapped error its cause.
func invalidf(format string, args ...any) *InvalidError {
	err := fmt.Errorf(format, args...)
	return &InvalidError{Message: err.Error(), Err: errors.Unwrap(err)}
}
