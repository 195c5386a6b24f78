package deploy

// A line diff: Myers' O((N+M)D) algorithm on whole lines, line endings
// included, so "a\r\n", "a\n" and a last "a" without newline all differ.

// diffOp is one run of the edit script that turns a into b: a[i1:i2]
// equal to b[j1:j2] when equal, else replaced by it (either side may be
// empty).
type diffOp struct {
	equal  bool
	i1, i2 int
	j1, j2 int
}

// splitLines splits data after every "\n"; a last line without one is kept
// as it is.
func splitLines(data []byte) []string {
	var lines []string
	start := 0
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, string(data[start:i+1]))
			start = i + 1
		}
	}
	if start < len(data) {
		lines = append(lines, string(data[start:]))
	}
	return lines
}

// diffLines returns the runs of an edit script from a to b, in order,
// alternating equal and changed runs.
func diffLines(a, b []string) []diffOp {
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	keptA, keptB := myers(intern(a), intern(b))
	return coalesce(keptA, keptB)
}

// myers returns which lines of a and of b a shortest edit script keeps.
func myers(a, b []int) (keptA, keptB []bool) {
	n, m := len(a), len(b)
	keptA, keptB = make([]bool, n), make([]bool, m)
	maxD := n + m
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			x := v[off+k-1] + 1
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				backtrack(trace, n, m, keptA, keptB)
				return keptA, keptB
			}
		}
	}
	return keptA, keptB // not reached: d = n+m always ends
}

// backtrack walks the trace of myers back from (n, m) and marks the lines
// of a and b that the edit script keeps.
func backtrack(trace [][]int, n, m int, keptA, keptB []bool) {
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d] // v[d+k] is the furthest x on diagonal k after step d-1
		k := x - y
		prevX, prevY := 0, 0
		if d > 0 {
			prevK := k - 1
			if k == -d || k != d && v[d+k-1] < v[d+k+1] {
				prevK = k + 1
			}
			prevX = v[d+prevK]
			prevY = prevX - prevK
		}
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			keptA[x], keptB[y] = true, true
		}
		x, y = prevX, prevY
	}
}

// coalesce turns kept lines into runs. The kept lines of a and of b pair
// up in order; the lines between them are changed.
func coalesce(keptA, keptB []bool) []diffOp {
	n, m := len(keptA), len(keptB)
	var ops []diffOp
	i, j := 0, 0
	for i < n || j < m {
		op := diffOp{i1: i, j1: j}
		if i < n && j < m && keptA[i] && keptB[j] {
			for i < n && j < m && keptA[i] && keptB[j] {
				i, j = i+1, j+1
			}
			op.equal = true
		} else {
			for i < n && !keptA[i] {
				i++
			}
			for j < m && !keptB[j] {
				j++
			}
		}
		op.i2, op.j2 = i, j
		ops = append(ops, op)
	}
	return ops
}
