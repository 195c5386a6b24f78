package deploy

import (
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
)

func TestSameVersion(t *testing.T) {
	tests := []struct {
		name    string
		pattern config.VersionPattern
		a, b    Version
		want    bool
	}{
		{"OKSemverBothV", config.PatternSemver, "v9.1.1", "v9.1.1", true},
		{"OKSemverOneV", config.PatternSemver, "v9.1.1", "9.1.1", true},
		{"OKSemverNoV", config.PatternSemver, "9.1.1", "9.1.1", true},
		{"OKSemverPreRelease", config.PatternSemver, "v1.0.0-rc.1", "1.0.0-rc.1", true},
		{"DiffSemver", config.PatternSemver, "v9.1.1", "9.1.0", false},
		{"DiffSemverOnlyOneVDropped", config.PatternSemver, "vv9.1.1", "9.1.1", false},
		{"DiffSemverBuild", config.PatternSemver, "1.0.0+a", "1.0.0+b", false},
		{"DiffAnyV", config.PatternAny, "v3.0", "3.0", false},
		{"OKAny", config.PatternAny, "3.0", "3.0", true},
		{"DiffSHACase", config.PatternSHA, "ABC", "abc", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameVersion(tt.pattern, tt.a, tt.b); got != tt.want {
				t.Errorf("SameVersion(%s, %q, %q) = %v, want %v", tt.pattern, tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestInForm(t *testing.T) {
	tests := []struct {
		name    string
		pattern config.VersionPattern
		v, like Version
		want    Version
	}{
		{"OKAddV", config.PatternSemver, "9.1.1", "v9.1.0", "v9.1.1"},
		{"OKDropV", config.PatternSemver, "v9.1.1", "9.1.0", "9.1.1"},
		{"OKKeepV", config.PatternSemver, "v9.1.1", "v9.1.0", "v9.1.1"},
		{"OKNoLike", config.PatternSemver, "v9.1.1", "", "v9.1.1"},
		{"OKAnyUnchanged", config.PatternAny, "3.1", "v3.0", "3.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inForm(tt.pattern, tt.v, tt.like); got != tt.want {
				t.Errorf("inForm(%s, %q, %q) = %q, want %q", tt.pattern, tt.v, tt.like, got, tt.want)
			}
		})
	}
}
