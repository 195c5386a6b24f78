package deploy

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The expected outputs were produced by GNU diff -u --label a/f.yaml --label b/f.yaml.
func TestUnifiedDiff(t *testing.T) {
	const head = "--- a/f.yaml\n+++ b/f.yaml\n"
	tests := []struct {
		name     string
		old, new string
		created  bool
		want     string
	}{
		{name: "OKMiddle", old: "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n", new: "l1\nl2\nl3\nl4\nX5\nl6\nl7\nl8\nl9\n",
			want: head + "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+X5\n l6\n l7\n l8\n"},
		{name: "OKNoNewlineAtEnd", old: "a\nb\nc", new: "a\nb\nC",
			want: head + "@@ -1,3 +1,3 @@\n a\n b\n-c\n\\ No newline at end of file\n+C\n\\ No newline at end of file\n"},
		{name: "OKNewlineAdded", old: "a", new: "a\n",
			want: head + "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"},
		{name: "OKCRLF", old: "a: 1\r\nb: 2\r\n", new: "a: 1\r\nb: 3\r\n",
			want: head + "@@ -1,2 +1,2 @@\n a: 1\r\n-b: 2\r\n+b: 3\r\n"},
		{name: "OKTwoHunks", old: lines(1, 15), new: strings.Replace(strings.Replace(lines(1, 15), "\n2\n", "\nX\n", 1), "\n14\n", "\nY\n", 1),
			want: head + "@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -11,5 +11,5 @@\n 11\n 12\n 13\n-14\n+Y\n 15\n"},
		{name: "OKSixLinesApartMerged", old: lines(1, 10), new: strings.Replace(strings.Replace(lines(1, 10), "\n2\n", "\nX\n", 1), "\n9\n", "\nY\n", 1),
			want: head + "@@ -1,10 +1,10 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+Y\n 10\n"},
		{name: "OKDelete", old: "a\nb\nc\nd\n", new: "a\nd\n", want: head + "@@ -1,4 +1,2 @@\n a\n-b\n-c\n d\n"},
		{name: "OKOneLine", old: "x\n", new: "y\n", want: head + "@@ -1 +1 @@\n-x\n+y\n"},
		{name: "OKInsert", old: "a\nb\n", new: "a\nnew1\nnew2\nb\n", want: head + "@@ -1,2 +1,4 @@\n a\n+new1\n+new2\n b\n"},
		{name: "OKEmptied", old: "a\nb\n", new: "", want: head + "@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{name: "OKCreated", created: true, new: "revision: abc\n",
			want: "--- /dev/null\n+++ b/f.yaml\n@@ -0,0 +1 @@\n+revision: abc\n"},
		{name: "OKUnchanged", old: "a\n", new: "a\n", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := FileChange{Path: "f.yaml", Old: []byte(tt.old), New: []byte(tt.new)}
			if tt.created {
				ch.Old = nil
			}
			if diff := cmp.Diff(tt.want, UnifiedDiff([]FileChange{ch})); diff != "" {
				t.Errorf("UnifiedDiff (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnifiedDiffSeveralFiles(t *testing.T) {
	got := UnifiedDiff([]FileChange{
		{Path: "a.yaml", Old: []byte("x: 1\n"), New: []byte("x: 2\n")},
		{Path: "b.yaml", Old: []byte("same\n"), New: []byte("same\n")},
		{Path: "c.yaml", New: []byte("y: 1\n")},
	})
	want := "--- a/a.yaml\n+++ b/a.yaml\n@@ -1 +1 @@\n-x: 1\n+x: 2\n" +
		"--- /dev/null\n+++ b/c.yaml\n@@ -0,0 +1 @@\n+y: 1\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UnifiedDiff (-want +got):\n%s", diff)
	}
}

// TestUnifiedDiffRandom checks on random files that the diff applies back
// to the new file and changes no more lines than a longest common
// subsequence requires.
func TestUnifiedDiffRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		old, new := randomFile(rng), randomFile(rng)
		d := UnifiedDiff([]FileChange{{Path: "f", Old: []byte(old), New: []byte(new)}})
		got, changed, err := applyUnified(old, d)
		if err != nil {
			t.Fatalf("old %q new %q: %v\n%s", old, new, err, d)
		}
		if got != new {
			t.Fatalf("old %q: applying the diff gives %q, want %q\n%s", old, got, new, d)
		}
		a, b := splitLines([]byte(old)), splitLines([]byte(new))
		if min := len(a) + len(b) - 2*lcsLen(a, b); changed != min {
			t.Fatalf("old %q new %q: %d changed lines, the minimum is %d\n%s", old, new, changed, min, d)
		}
	}
}

// lines returns the lines "from\n" … "to\n".
func lines(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%d\n", i)
	}
	return b.String()
}

// randomFile returns up to 12 lines over a small alphabet, sometimes CRLF,
// sometimes without a final newline.
func randomFile(rng *rand.Rand) string {
	var b strings.Builder
	n := rng.Intn(13)
	for i := 0; i < n; i++ {
		b.WriteString([]string{"a", "b", "c", "d"}[rng.Intn(4)])
		b.WriteString([]string{"\n", "\n", "\n", "\r\n"}[rng.Intn(4)])
	}
	s := b.String()
	if s != "" && rng.Intn(4) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

// lcsLen returns the length of a longest common subsequence of a and b.
func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// applyUnified applies a one-file unified diff to old, checking every
// context and removed line, and counts the changed lines.
func applyUnified(old, diff string) (string, int, error) {
	if diff == "" {
		return old, 0, nil
	}
	a := splitLines([]byte(old))
	var out []string
	pos, changed := 0, 0
	body := strings.SplitAfter(diff, "\n")[2:] // skip ---/+++
	for i := 0; i < len(body) && body[i] != ""; i++ {
		l := body[i]
		noEOL := i+1 < len(body) && strings.HasPrefix(body[i+1], `\ No newline`)
		text := l[1:]
		if noEOL {
			text = strings.TrimSuffix(text, "\n")
			i++
		}
		switch l[0] {
		case '@':
			start, err := hunkStart(l)
			if err != nil {
				return "", 0, err
			}
			out = append(out, a[pos:start]...)
			pos = start
		case ' ', '-':
			if pos >= len(a) || a[pos] != text {
				return "", 0, fmt.Errorf("line %d is %q, the diff says %q", pos+1, a[min(pos, len(a)-1)], text)
			}
			if l[0] == ' ' {
				out = append(out, text)
			} else {
				changed++
			}
			pos++
		case '+':
			out = append(out, text)
			changed++
		default:
			return "", 0, fmt.Errorf("unexpected line %q", l)
		}
	}
	out = append(out, a[pos:]...)
	return strings.Join(out, ""), changed, nil
}

// hunkStart returns the 0-based first old line of a hunk header.
func hunkStart(header string) (int, error) {
	old := strings.Fields(header)[1][1:] // "l,n" or "l"
	l, n, _ := strings.Cut(old, ",")
	start, err := strconv.Atoi(l)
	if err != nil {
		return 0, err
	}
	if n == "0" {
		return start, nil
	}
	return start - 1, nil
}
