package config

import (
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
)

// isInvalid reports whether err is how the configuration model refuses
// input: an error whose fault.ErrorCode is CodeInvalid.
func isInvalid(err error) bool { return fault.ErrorCode(err) == fault.CodeInvalid }

func TestFileErrorIsInvalid(t *testing.T) {
	err := error(&FileError{File: "f.yaml", Problems: []Problem{{Key: "a.b", Line: 3, Message: "bad"}}})
	if got := fault.ErrorCode(err); got != fault.CodeInvalid {
		t.Errorf("ErrorCode = %q, want invalid", got)
	}
	if got, want := fault.UserMessage(err), "f.yaml: line 3: a.b: bad"; got != want {
		t.Errorf("UserMessage = %q, want %q", got, want)
	}
}
