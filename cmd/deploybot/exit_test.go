package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"OK", nil, 0},
		{"Usage", usageError{errors.New("a subcommand is required")}, 2},
		{"Invalid", fault.Errorf(fault.CodeInvalid, "bad"), 2},
		{"NotFound", fault.Errorf(fault.CodeNotFound, "no such service"), 2},
		{"Conflict", fault.Errorf(fault.CodeConflict, "in flight"), 2},
		{"Blocked", fault.Errorf(fault.CodeBlocked, "frozen"), 2},
		{"Unauthorised", fault.Errorf(fault.CodeUnauthorised, "not an approver"), 2},
		{"Unavailable", fault.Errorf(fault.CodeUnavailable, "GitHub is not answering (503)"), 3},
		{"RateLimited", fault.Errorf(fault.CodeRateLimited, "GitHub is limiting"), 3},
		{"UnavailableUnderInvalid", fault.Errorf(fault.CodeInvalid, "not a tag: %w", fault.Errorf(fault.CodeUnavailable, "down")), 3},
		{"PromotionFailed", promotionFailed{errors.New("promotion p1 ended failed")}, 1},
		{"Internal", fmt.Errorf("bbolt: %w", errors.New("disk full")), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestHelpNamesExitCodes(t *testing.T) {
	runCLI(t, "--help").want(t, 0, []string{"Exit codes:", "0  done", "2  bad input", "3  a dependency"}, nil)
}
