package githubfake

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// maxDiffCells bounds the LCS table; larger inputs get a coarse diff (one
// hunk replacing everything between the common prefix and suffix).
const maxDiffCells = 4 << 20

// hunk says base lines [o1,o2) became side lines [s1,s2).
type hunk struct {
	o1, o2, s1, s2 int
}

// splitLines splits b after every "\n", keeping the newlines.
func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

func isBinary(b []byte) bool { return bytes.IndexByte(b, 0) >= 0 }

// diffLines returns the hunks turning a into b, from a longest common
// subsequence of lines.
func diffLines(a, b []string) []hunk {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ia, ib := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ia) == 0 && len(ib) == 0 {
		return nil
	}
	var out []hunk
	pi, pj := 0, 0
	for _, m := range append(lcs(ia, ib), [2]int{len(ia), len(ib)}) {
		if m[0] > pi || m[1] > pj {
			out = append(out, hunk{pre + pi, pre + m[0], pre + pj, pre + m[1]})
		}
		pi, pj = m[0]+1, m[1]+1
	}
	return out
}

// lcs returns matched index pairs of a longest common subsequence, or none
// when the table would be too large.
func lcs(a, b []string) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > maxDiffCells {
		return nil
	}
	w := m + 1
	t := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			case t[(i+1)*w+j] >= t[i*w+j+1]:
				t[i*w+j] = t[(i+1)*w+j]
			default:
				t[i*w+j] = t[i*w+j+1]
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i, j = i+1, j+1
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// sideHunk is a hunk from one side of a three-way merge.
type sideHunk struct {
	hunk
	side int // 0 ours, 1 theirs
}

// merge3 merges line-wise the changes base->ours and base->theirs, like
// git's merge: overlapping or adjacent changes conflict unless identical.
// It reports false on a conflict or for binary content.
func merge3(base, ours, theirs []byte) ([]byte, bool) {
	if isBinary(base) || isBinary(ours) || isBinary(theirs) {
		return nil, false
	}
	o := splitLines(base)
	sides := [2][]string{splitLines(ours), splitLines(theirs)}
	var all []sideHunk
	for i, side := range sides {
		for _, h := range diffLines(o, side) {
			all = append(all, sideHunk{h, i})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].o1 < all[j].o1 })
	var out strings.Builder
	pos := 0
	for i := 0; i < len(all); {
		j, gs, ge := i+1, all[i].o1, all[i].o2
		for j < len(all) && all[j].o1 <= ge {
			ge = max(ge, all[j].o2)
			j++
		}
		text, ok := resolveGroup(o, sides, all[i:j], gs, ge)
		if !ok {
			return nil, false
		}
		out.WriteString(strings.Join(o[pos:gs], ""))
		out.WriteString(text)
		pos, i = ge, j
	}
	out.WriteString(strings.Join(o[pos:], ""))
	return []byte(out.String()), true
}

// resolveGroup picks the text for base lines [gs,ge) changed by group.
func resolveGroup(o []string, sides [2][]string, group []sideHunk, gs, ge int) (string, bool) {
	var text [2]*string
	for s := 0; s < 2; s++ {
		var first, last *sideHunk
		for k := range group {
			if group[k].side == s {
				if first == nil {
					first = &group[k]
				}
				last = &group[k]
			}
		}
		if first == nil {
			continue
		}
		lo, hi := first.s1-(first.o1-gs), last.s2+(ge-last.o2)
		t := strings.Join(sides[s][lo:hi], "")
		text[s] = &t
	}
	switch {
	case text[1] == nil:
		return *text[0], true
	case text[0] == nil:
		return *text[1], true
	case *text[0] == *text[1]:
		return *text[0], true
	}
	return "", false
}

// patch renders the unified diff hunks from a to b as GitHub's "patch"
// field (no file header, three lines of context), with the counts of added
// and deleted lines. Binary content has no patch.
func patch(a, b []byte) (p string, add, del int) {
	if isBinary(a) || isBinary(b) {
		return "", 0, 0
	}
	al, bl := splitLines(a), splitLines(b)
	hs := diffLines(al, bl)
	var out []string
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j].o1-hs[j-1].o2 <= 6 {
			j++
		}
		lines, ad, de := patchGroup(al, bl, hs[i:j])
		out = append(out, lines...)
		add, del, i = add+ad, del+de, j
	}
	return strings.Join(out, "\n"), add, del
}

func patchGroup(a, b []string, hs []hunk) (out []string, add, del int) {
	first, last := hs[0], hs[len(hs)-1]
	olo, ohi := max(first.o1-3, 0), min(last.o2+3, len(a))
	slo, shi := first.s1-(first.o1-olo), last.s2+(ohi-last.o2)
	out = append(out, fmt.Sprintf("@@ -%s +%s @@", hunkRange(olo, ohi-olo), hunkRange(slo, shi-slo)))
	emit := func(prefix string, lines []string) {
		for _, l := range lines {
			out = append(out, prefix+strings.TrimSuffix(l, "\n"))
			if !strings.HasSuffix(l, "\n") {
				out = append(out, `\ No newline at end of file`)
			}
		}
	}
	pos := olo
	for _, h := range hs {
		emit(" ", a[pos:h.o1])
		emit("-", a[h.o1:h.o2])
		emit("+", b[h.s1:h.s2])
		add, del, pos = add+h.s2-h.s1, del+h.o2-h.o1, h.o2
	}
	emit(" ", a[pos:ohi])
	return out, add, del
}

// hunkRange formats "start,len" the way diff does (start is the line before
// an empty range).
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
