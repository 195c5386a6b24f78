package yamledit

import (
	"sort"
)

// yamlSplice replaces data[start:end] with text; start == end inserts.
type yamlSplice struct {
	start, end int
	text       string
}

// yamlPlan is a change to a file: byte splices of the original, and how
// the parsed file must differ afterwards.
type yamlPlan struct {
	splices []yamlSplice
	expect  *yamlExpect
}

// applySplices returns a new slice holding data with every splice
// applied; data itself is never written to. Splices are applied as if
// from the end of the file backwards, so each one's offsets refer to the
// original bytes. It returns an ErrUnverified *Error naming path when two
// splices overlap.
func applySplices(data []byte, splices []yamlSplice, path KeyPath) ([]byte, error) {
	ss := append([]yamlSplice(nil), splices...)
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].start != ss[j].start {
			return ss[i].start < ss[j].start
		}
		return ss[i].end < ss[j].end // an insertion before a removal at the same place
	})
	size := len(data)
	for i, s := range ss {
		if s.start < 0 || s.end < s.start || s.end > len(data) || i > 0 && s.start < ss[i-1].end {
			return nil, unverifiedf("key %s: two changes to the file overlap, so nothing was changed", path)
		}
		size += len(s.text) - (s.end - s.start)
	}
	out := make([]byte, 0, size)
	at := 0
	for _, s := range ss {
		out = append(out, data[at:s.start]...)
		out = append(out, s.text...)
		at = s.end
	}
	return append(out, data[at:]...), nil
}

// apply carries out plan on the file and verifies the result.
func (f *yamlFile) apply(plan *yamlPlan, path KeyPath) ([]byte, error) {
	out, err := applySplices(f.src.data, plan.splices, path)
	if err != nil {
		return nil, err
	}
	if err := f.verifyYAML(out, plan.expect, path); err != nil {
		return nil, err
	}
	return out, nil
}
