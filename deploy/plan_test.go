package deploy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlanSummary(t *testing.T) {
	tests := []struct {
		name string
		plan Plan
		want string
	}{
		{"OKOne", Plan{Env: "production", Service: "api",
			Changes: []ServiceChange{{"api", "v9.1.0", "v9.1.1"}}, Files: make([]FileChange, 2)},
			"api v9.1.0 → v9.1.1 in production (2 files)"},
		{"OKAll", Plan{Env: "production", Service: AllServices,
			Changes:   []ServiceChange{{"api", "v9.1.0", "v9.1.1"}, {"web", "3.0", "3.1"}},
			Unchanged: []ServiceChange{{"checkout", "abc", "abc"}}, Files: make([]FileChange, 1)},
			"2 services in production (1 file): api v9.1.0 → v9.1.1, web 3.0 → 3.1"},
		{"OKAllOneChange", Plan{Env: "production", Service: AllServices,
			Changes: []ServiceChange{{"web", "3.0", "3.1"}}, Files: make([]FileChange, 1)},
			"1 service in production (1 file): web 3.0 → 3.1"},
		{"OKNothingOne", Plan{Env: "production", Service: "api", Unchanged: []ServiceChange{{"api", "v9.1.1", "v9.1.1"}}},
			"Nothing to change: api already runs v9.1.1 in production."},
		{"OKNothingAll", Plan{Env: "production", Service: AllServices, Unchanged: []ServiceChange{{"api", "v9.1.1", "v9.1.1"}}},
			"Nothing to change: every service in production already runs what its upstream runs."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.plan.Summary()); diff != "" {
				t.Errorf("Summary (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMostCommon(t *testing.T) {
	tests := []struct {
		name      string
		values    []string
		preferred string
		want      string
	}{
		{"OKMajority", []string{"a", "b", "b"}, "a", "b"},
		{"OKTiePreferred", []string{"a", "b"}, "b", "b"},
		{"OKTieFirst", []string{"a", "b", "c"}, "z", "a"},
		{"OKTiePreferredFirst", []string{"b", "a", "a", "b"}, "b", "b"},
		{"OKOne", []string{"a"}, "", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mostCommon(tt.values, tt.preferred); got != tt.want {
				t.Errorf("mostCommon(%q, %q) = %q, want %q", tt.values, tt.preferred, got, tt.want)
			}
		})
	}
}
