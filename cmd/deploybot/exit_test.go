package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/deploybot/deploybot/deploy"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"OK", nil, 0},
		{"Usage", usageError{errors.New("a subcommand is required")}, 2},
		{"Invalid", deploy.Errorf(deploy.CodeInvalid, "bad"), 2},
		{"NotFound", deploy.Errorf(deploy.CodeNotFound, "no such service"), 2},
		{"Conflict", deploy.Errorf(deploy.CodeConflict, "in flight"), 2},
		{"Blocked", deploy.Errorf(deploy.CodeBlocked, "frozen"), 2},
		{"Unauthorised", deploy.Errorf(deploy.CodeUnauthorised, "not an approver"), 2},
		{"Unavailable", deploy.Errorf(deploy.CodeUnavailable, "GitHub is not answering (503)"), 3},
		{"RateLimited", deploy.Errorf(deploy.CodeRateLimited, "GitHub is limiting"), 3},
		{"UnavailableUnderInvalid", deploy.Errorf(deploy.CodeInvalid, "not a tag: %w", deploy.Errorf(deploy.CodeUnavailable, "down")), 3},
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
