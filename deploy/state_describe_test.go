package deploy

import (
	"strings"
	"testing"
)

// TestStateDescribe checks every state reads as words, not as its code.
func TestStateDescribe(t *testing.T) {
	for _, s := range States {
		d := s.Describe()
		if d == "" || strings.Contains(d, "_") || d == "is "+string(s) {
			t.Errorf("%s.Describe() = %q, want words a person reads", s, d)
		}
	}
	if got := State("mystery").Describe(); got != "is mystery" {
		t.Errorf(`State("mystery").Describe() = %q, want "is mystery"`, got)
	}
}
