package deploy

import (
	"errors"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// gateResult is what a person sees of a gate's answer: its code and message.
type gateResult struct {
	Code    fault.Code
	Message string
}

// gateOutcome turns a gate's error into a gateResult; the zero value for nil.
func gateOutcome(t *testing.T, err error) gateResult {
	t.Helper()
	if err == nil {
		return gateResult{}
	}
	var de *fault.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *deploy.Error", err, err)
	}
	return gateResult{Code: de.Code, Message: de.Message}
}

func TestGateHumanDuration(t *testing.T) {
	tests := map[time.Duration]string{
		0:                                      "0s",
		-time.Minute:                           "0s",
		500 * time.Millisecond:                 "0s",
		45 * time.Second:                       "45s",
		10 * time.Minute:                       "10m",
		3*time.Minute + 12*time.Second:         "3m12s",
		3*time.Minute + 12500*time.Millisecond: "3m12s",
		time.Hour + 5*time.Minute:              "1h5m",
		26*time.Hour + 7*time.Second:           "26h7s",
	}
	for d, want := range tests {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestGateSlackMentions(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"None", nil, "nobody"},
		{"User", []string{"U0123ABCD"}, "<@U0123ABCD>"},
		{"EnterpriseUser", []string{"W0123ABCD"}, "<@W0123ABCD>"},
		{"Group", []string{"S0PLATFORMLEADS"}, "<!subteam^S0PLATFORMLEADS>"},
		{"Two", []string{"S0PLATFORMLEADS", "U0123ABCD"}, "<!subteam^S0PLATFORMLEADS> or <@U0123ABCD>"},
		{"Three", []string{"U1", "U2", "S3"}, "<@U1>, <@U2> or <!subteam^S3>"},
		{"CLIName", []string{"maria", "Sam"}, "maria or Sam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, slackMentions(tt.ids, "nobody")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGateHumanTime(t *testing.T) {
	london := mustLocation(t, "Europe/London")
	now := time.Date(2026, 3, 6, 14, 2, 0, 0, time.UTC) // a Friday
	tests := []struct {
		name    string
		t       time.Time
		loc     *time.Location
		weekday bool
		want    string
	}{
		{"SameDay", now, time.UTC, false, "14:02 UTC"},
		{"SameDayWeekday", now, time.UTC, true, "Fri 14:02 UTC"},
		{"NilLocation", now, nil, false, "14:02 UTC"},
		{"OtherZone", now, london, true, "Fri 14:02 Europe/London"},
		{"Yesterday", now.Add(-24 * time.Hour), time.UTC, false, "Thu 14:02 UTC"},
		{"NextWeek", now.Add(7 * 24 * time.Hour), time.UTC, false, "Fri 13 Mar 14:02 UTC"},
		{"NextYear", time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), time.UTC, true, "Mon 4 Jan 2027 00:00 UTC"},
		{"FixedOffset", now, time.FixedZone("", 3600), false, "15:02 +0100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, humanTime(tt.t, now, tt.loc, tt.weekday)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// mustLocation loads an IANA time zone or fails the test.
func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestGateSameRevision(t *testing.T) {
	const full = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
	tests := []struct {
		a, b string
		want bool
	}{
		{"", full, true},
		{full, "", true},
		{full, full, true},
		{"a1b2c3d", full, true},
		{full, "A1B2C3D", true},
		{"a1b2c3", full, false}, // too short to trust
		{"abc", "abc", true},
		{"a1b2c3e", full, false},
		{"ffffffe4e5f60718293a4b5c6d7e8f9012345678", full, false},
	}
	for _, tt := range tests {
		if got := sameRevision(tt.a, tt.b); got != tt.want {
			t.Errorf("sameRevision(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if got := shortSHA("abc"); got != "abc" {
		t.Errorf("shortSHA(abc) = %q", got)
	}
}
