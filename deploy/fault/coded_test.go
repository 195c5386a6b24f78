package fault

import "testing"

// refusal is an error of another package that knows its Code.
type refusal struct{ code Code }

func (r refusal) Error() string   { return "the file is wrong" }
func (r refusal) FaultCode() Code { return r.code }

func TestCodedErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code Code
		msg  string
	}{
		{"Invalid", refusal{CodeInvalid}, CodeInvalid, "the file is wrong"},
		// The code is the first *Error's; the message the first one fit to show.
		{"Wrapped", Errorf(CodeInternal, "x: %w", refusal{CodeInvalid}), CodeInternal, "the file is wrong"},
		{"InternalHidden", refusal{CodeInternal}, CodeInternal, "Something went wrong, nothing was changed. The error is in deploybot's log."},
		{"OutageWins", Errorf(CodeUnavailable, "GitHub is down: %w", refusal{CodeInvalid}), CodeUnavailable, "GitHub is down: the file is wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := UserMessage(tt.err); got != tt.msg {
				t.Errorf("UserMessage = %q, want %q", got, tt.msg)
			}
		})
	}
}
