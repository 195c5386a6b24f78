package argocdfake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMemSourceChanged(t *testing.T) {
	m := NewMemSource()
	a := m.Commit("o/r", "main", "apps/api/values.yaml")
	b := m.Commit("o/r", "main", "README.md")
	c := m.Commit("o/r", "main", "apps/web/values.yaml")
	other := m.Commit("o/other", "main", "apps/api/values.yaml")
	tests := []struct {
		name     string
		from, to string
		paths    []string
		want     bool
	}{
		{"OKSame", a, a, []string{"apps"}, false},
		{"OKUnrelatedFile", a, b, []string{"apps/api/values.yaml"}, false},
		{"OKFile", a, c, []string{"apps/web/values.yaml"}, true},
		{"OKDirectory", a, c, []string{"apps/web/"}, true},
		{"OKPrefixIsNotDirectory", a, c, []string{"apps/we"}, false},
		{"OKBackwards", c, a, []string{"apps/web"}, true},
		{"OKUnrelatedHistory", a, other, []string{"nothing"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Changed(t.Context(), "o/r", tt.from, tt.to, tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Changed (-want +got):\n%s", diff)
			}
		})
	}
	head, err := m.Head(t.Context(), "o/r", "main")
	if err != nil || head != c {
		t.Errorf("Head = %s, %v; want %s", head, err, c)
	}
	if _, err := m.Head(t.Context(), "o/r", "nope"); err == nil {
		t.Error("Head of a missing branch: want an error")
	}
}
