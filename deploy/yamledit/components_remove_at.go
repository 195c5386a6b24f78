package yamledit

import (
	"gopkg.in/yaml.v3"
)

// blockRemove adds the deletion of the lines of the entries of block map
// m at Content indexes idxs (sorted). Comments and blank lines between
// entries stay. When all entries go, `{}` is written after parentKey.
func (f *yamlFile) blockRemove(plan *yamlPlan, m *yaml.Node, idxs []int, all bool, parentKey *yaml.Node, path KeyPath) error {
	src := f.src
	indent := blockIndent(m)
	var spans []yamlSplice
	for _, i := range idxs {
		k := m.Content[i]
		if !src.keyStartsLine(k) {
			return invalidf("key %s: the entry %q at line %d does not start its line; remove it by hand", path, k.Value, k.Line)
		}
		start, end := src.lines[k.Line-1], src.lineAfter(src.entryLastLine(m, i, indent))
		if n := len(spans); n > 0 && spans[n-1].end == start {
			spans[n-1].end = end
			continue
		}
		spans = append(spans, yamlSplice{start: start, end: end})
	}
	last := &spans[len(spans)-1]
	if last.end == len(src.data) && !src.endsWithBreak() && last.start > 0 {
		// The file lacks a final line break: take the one before the entry.
		last.start = src.breakStart(src.lineOf(last.start) - 1)
	}
	if all {
		colon := f.afterColon(parentKey, path)
		if colon < 0 {
			return unverifiedf("key %s: cannot find the ':' after the key at line %d", path, parentKey.Line)
		}
		spans = append(spans, yamlSplice{start: colon, end: colon, text: " {}"})
	}
	plan.splices = append(plan.splices, spans...)
	return nil
}

// flowRemove adds the deletion of the entries of flow map m at Content
// indexes idxs (sorted), with the commas between them: {a: 1, b: 2}
// without b is {a: 1}; without both it is {}.
func (f *yamlFile) flowRemove(plan *yamlPlan, m *yaml.Node, idxs []int, path KeyPath) error {
	open := f.collectionStart(m)
	items, closeAt, ok := scanFlowCollection(f.src.data, open)
	if !ok || len(items) != len(m.Content)/2 {
		return unverifiedf("key %s: cannot find the entries of the flow map at line %d", path, m.Line)
	}
	gone := make([]bool, len(items))
	for _, i := range idxs {
		k := m.Content[i]
		if off := f.src.offset(k.Line, k.Column); off != items[i/2].start {
			return unverifiedf("key %s: the entry %q at line %d is not where expected", path, k.Value, k.Line)
		}
		gone[i/2] = true
	}
	if len(idxs) == len(items) {
		plan.splices = append(plan.splices, yamlSplice{start: open, end: closeAt + 1, text: "{}"})
		return nil
	}
	for a := 0; a < len(items); a++ {
		if !gone[a] {
			continue
		}
		b := a
		for b+1 < len(items) && gone[b+1] {
			b++
		}
		if b+1 < len(items) { // up to the next entry that stays
			plan.splices = append(plan.splices, yamlSplice{start: items[a].start, end: items[b+1].start})
		} else { // from the comma after the last entry that stays
			plan.splices = append(plan.splices, yamlSplice{start: items[a-1].comma, end: items[b].end})
		}
		a = b
	}
	return nil
}
