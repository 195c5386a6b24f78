package githubfake

import (
	"strings"
	"testing"
)

func lines(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

func TestMerge3(t *testing.T) {
	base := lines("a", "b", "c", "d", "e", "f")
	tests := []struct {
		name         string
		ours, theirs []byte
		want         []byte // nil: conflict
	}{
		{"OKOnlyOurs", lines("a", "B", "c", "d", "e", "f"), base, lines("a", "B", "c", "d", "e", "f")},
		{"OKOnlyTheirs", base, lines("a", "b", "c", "d", "E", "f"), lines("a", "b", "c", "d", "E", "f")},
		{"OKApart", lines("a", "B", "c", "d", "e", "f"), lines("a", "b", "c", "d", "E", "f"), lines("a", "B", "c", "d", "E", "f")},
		{"OKSameChange", lines("a", "X", "c", "d", "e", "f"), lines("a", "X", "c", "d", "e", "f"), lines("a", "X", "c", "d", "e", "f")},
		{"OKInsertAndDelete", lines("0", "a", "b", "c", "d", "e", "f"), lines("a", "b", "c", "d", "e"), lines("0", "a", "b", "c", "d", "e")},
		{"ErrSameLine", lines("a", "X", "c", "d", "e", "f"), lines("a", "Y", "c", "d", "e", "f"), nil},
		{"ErrAdjacentLines", lines("a", "X", "c", "d", "e", "f"), lines("a", "b", "Y", "d", "e", "f"), nil},
		{"ErrInsertSamePlace", lines("a", "b", "1", "c", "d", "e", "f"), lines("a", "b", "2", "c", "d", "e", "f"), nil},
		{"ErrBinary", []byte("a\x00"), base, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := merge3(base, tt.ours, tt.theirs)
			if ok != (tt.want != nil) || string(got) != string(tt.want) {
				t.Errorf("merge3 = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestPatch(t *testing.T) {
	tests := []struct {
		name     string
		a, b     []byte
		want     string
		add, del int
	}{
		{"OKModify", lines("a", "b", "c"), lines("a", "B", "c"), "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c", 1, 1},
		{"OKAdd", nil, lines("x", "y"), "@@ -0,0 +1,2 @@\n+x\n+y", 2, 0},
		{"OKRemove", lines("x"), nil, "@@ -1 +0,0 @@\n-x", 0, 1},
		{"OKNoNewline", []byte("a\nb"), []byte("a\nc"), "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file", 1, 1},
		{"OKTwoHunks", lines("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"),
			lines("X", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "Y"),
			"@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+Y", 2, 2},
		{"OKBinary", []byte{0, 1}, []byte{0, 2}, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, add, del := patch(tt.a, tt.b)
			if got != tt.want || add != tt.add || del != tt.del {
				t.Errorf("patch = %q +%d -%d, want %q +%d -%d", got, add, del, tt.want, tt.add, tt.del)
			}
		})
	}
}

// FuzzMerge3 checks merge3's invariants on arbitrary text: a change on one
// side only comes through unchanged, and identical changes merge.
func FuzzMerge3(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nB\nc\n")
	f.Add("", "x")
	f.Add("x\ny", "y\nx\n")
	f.Fuzz(func(t *testing.T, base, side string) {
		if strings.IndexByte(base+side, 0) >= 0 {
			return
		}
		for _, pair := range [][2]string{{side, base}, {base, side}, {side, side}} {
			got, ok := merge3([]byte(base), []byte(pair[0]), []byte(pair[1]))
			if !ok || string(got) != side {
				t.Fatalf("merge3(%q, %q, %q) = %q, %v; want %q", base, pair[0], pair[1], got, ok, side)
			}
		}
	})
}
