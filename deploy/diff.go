package deploy

import (
	"bytes"
	"fmt"
	"strings"
)

// diffContext is how many unchanged lines a hunk shows around a change.
const diffContext = 3

// UnifiedDiff returns changes as one unified diff, file after file in the
// order given: "--- a/path" and "+++ b/path" ("--- /dev/null" for a
// created file), hunks "@@ -l,n +l,n @@" with three lines of context, line
// endings shown as they are (a CRLF line keeps its "\r") and
// "\ No newline at end of file" after a last line without one. Files whose
// bytes do not change are left out. It never fails.
func UnifiedDiff(changes []FileChange) string {
	var b strings.Builder
	for _, ch := range changes {
		if ch.Old != nil && bytes.Equal(ch.Old, ch.New) {
			continue
		}
		writeFileDiff(&b, ch)
	}
	return b.String()
}

// writeFileDiff writes the header and hunks of one file.
func writeFileDiff(b *strings.Builder, ch FileChange) {
	oldName, newName := "a/"+ch.Path, "b/"+ch.Path
	if ch.Old == nil {
		oldName = "/dev/null"
	}
	if ch.New == nil {
		newName = "/dev/null"
	}
	fmt.Fprintf(b, "--- %s\n+++ %s\n", oldName, newName)
	a, c := splitLines(ch.Old), splitLines(ch.New)
	for _, hunk := range groupHunks(diffLines(a, c), diffContext) {
		writeHunk(b, hunk, a, c)
	}
}

// groupHunks splits the runs of a diff into hunks, each a list of runs
// that starts and ends with at most n equal lines; changes separated by at
// most 2n equal lines share a hunk.
func groupHunks(ops []diffOp, n int) [][]diffOp {
	if len(ops) == 0 || len(ops) == 1 && ops[0].equal {
		return nil
	}
	ops = append([]diffOp(nil), ops...)
	if first := &ops[0]; first.equal {
		first.i1, first.j1 = max(first.i1, first.i2-n), max(first.j1, first.j2-n)
	}
	if last := &ops[len(ops)-1]; last.equal {
		last.i2, last.j2 = min(last.i2, last.i1+n), min(last.j2, last.j1+n)
	}
	var hunks [][]diffOp
	var group []diffOp
	for _, op := range ops {
		if op.equal && op.i2-op.i1 > 2*n {
			group = append(group, diffOp{equal: true, i1: op.i1, i2: op.i1 + n, j1: op.j1, j2: op.j1 + n})
			hunks = append(hunks, group)
			group = nil
			op.i1, op.j1 = op.i2-n, op.j2-n
		}
		group = append(group, op)
	}
	if len(group) > 0 && !(len(group) == 1 && group[0].equal) {
		hunks = append(hunks, group)
	}
	return hunks
}

// writeHunk writes one hunk: its header, then its lines.
func writeHunk(b *strings.Builder, hunk []diffOp, a, c []string) {
	first, last := hunk[0], hunk[len(hunk)-1]
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(first.i1, last.i2), hunkRange(first.j1, last.j2))
	for _, op := range hunk {
		if op.equal {
			writeLines(b, ' ', a[op.i1:op.i2])
			continue
		}
		writeLines(b, '-', a[op.i1:op.i2])
		writeLines(b, '+', c[op.j1:op.j2])
	}
}

// hunkRange renders lines [start, stop) as a unified diff range: "l,n",
// just "l" for one line, and for none the line before them with ",0".
func hunkRange(start, stop int) string {
	switch n := stop - start; n {
	case 1:
		return fmt.Sprint(start + 1)
	case 0:
		return fmt.Sprintf("%d,0", start)
	default:
		return fmt.Sprintf("%d,%d", start+1, n)
	}
}

// writeLines writes lines, each after prefix.
func writeLines(b *strings.Builder, prefix byte, lines []string) {
	for _, l := range lines {
		b.WriteByte(prefix)
		b.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
