package fault

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	cause := errors.New("disk full")
	tests := []struct {
		name string
		err  error
		code Code
		msg  string
		text string
	}{
		{"Nil", nil, "", "", ""},
		{"Plain", cause, CodeInternal, "Something went wrong, nothing was changed. The error is in deploybot's log.", "disk full"},
		{"Domain", Errorf(CodeBlocked, "production is frozen"), CodeBlocked, "production is frozen", "production is frozen"},
		{"WrappedDomain", fmt.Errorf("engine: %w", Errorf(CodeConflict, "already merged")), CodeConflict, "already merged", "engine: already merged"},
		{"CauseOnce", Errorf(CodeInvalid, "read config: %w", cause), CodeInvalid, "read config: disk full", "read config: disk full"},
		{"LiteralCause", &Error{Code: CodeNotFound, Message: "no promotion p-1", Err: cause}, CodeNotFound, "no promotion p-1", "no promotion p-1: disk full"},
		{"InternalHidden", Errorf(CodeInternal, "bbolt: %w", cause), CodeInternal, "Something went wrong, nothing was changed. The error is in deploybot's log.", "bbolt: disk full"},
		{"UnavailableKeptThroughInvalid", Errorf(CodeInvalid, "9.1.1 is not a tag: %w", Errorf(CodeUnavailable, "GitHub is not answering (503)")), CodeUnavailable, "GitHub is not answering (503)", "9.1.1 is not a tag: GitHub is not answering (503)"},
		{"RateLimitedKeptThroughLiteral", &Error{Code: CodeBlocked, Message: "gate", Err: fmt.Errorf("x: %w", &Error{Code: CodeRateLimited, Message: "GitHub asks to wait 30s"})}, CodeRateLimited, "GitHub asks to wait 30s", "gate: x: GitHub asks to wait 30s"},
		{"UnavailableInJoin", errors.Join(Errorf(CodeNotFound, "no app"), Errorf(CodeUnavailable, "Argo CD is down")), CodeUnavailable, "Argo CD is down", "no app\nArgo CD is down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := UserMessage(tt.err); got != tt.msg {
				t.Errorf("UserMessage = %q, want %q", got, tt.msg)
			}
			if tt.err != nil && tt.err.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.text)
			}
		})
	}
	for code, want := range map[Code]bool{CodeUnavailable: true, CodeRateLimited: true, CodeInternal: true,
		CodeInvalid: false, CodeNotFound: false, CodeConflict: false, CodeUnauthorised: false, CodeBlocked: false} {
		if got := Transient(Errorf(code, "x")); got != want {
			t.Errorf("Transient(%s) = %v, want %v", code, got, want)
		}
	}
	if !errors.Is(Errorf(CodeInvalid, "x: %w", cause), cause) {
		t.Error("Errorf does not wrap its %w cause")
	}
}
