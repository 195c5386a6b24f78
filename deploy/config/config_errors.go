package config

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
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

// FaultCode is CodeInvalid: a config file's problems are the person's to
// fix (see fault.Coded).
func (e *FileError) FaultCode() fault.Code { return fault.CodeInvalid }
