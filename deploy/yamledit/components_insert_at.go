package yamledit

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// blockAppend adds the entries after the last entry of the block map m,
// indented like its keys, before any comments and blank lines that follow.
func (ins *yamlInsert) blockAppend(m *yaml.Node) error {
	src := ins.f.src
	indent := blockIndent(m)
	last := src.entryLastLine(m, len(m.Content)-2, indent)
	ins.addLines(src.lineAfter(last), ins.blockLines(indent, blockStep(m), src.eol()))
	ins.expectEntries()
	return nil
}

// addLines inserts whole lines at offset at, the start of a line or the
// end of a file that lacks a final line break, which it then still lacks.
func (ins *yamlInsert) addLines(at int, text string) {
	src := ins.f.src
	if at == len(src.data) && !src.endsWithBreak() {
		text = src.eol() + strings.TrimSuffix(text, src.eol())
	}
	ins.plan.splices = append(ins.plan.splices, yamlSplice{start: at, end: at, text: text})
}

// flowAppend adds the entries after the last entry of the non-empty flow
// map m: {a: 1} becomes {a: 1, k: v}.
func (ins *yamlInsert) flowAppend(m *yaml.Node) error {
	items, _, err := ins.flowItems(m)
	if err != nil {
		return err
	}
	if len(items) != len(m.Content)/2 {
		return unverifiedf("key %s: cannot find the entries of the flow map at line %d", ins.path, m.Line)
	}
	last := items[len(items)-1]
	sep := ", "
	if ins.f.src.data[last.end-1] == ':' { // {a: } holds a null: keep a space before the comma
		sep = " , "
	}
	sp := yamlSplice{start: last.end, end: last.end, text: sep + ins.flowText()}
	if last.comma >= 0 { // a trailing comma: {a: 1,} becomes {a: 1, k: v,}
		sp = yamlSplice{start: last.comma + 1, end: last.comma + 1, text: " " + ins.flowText() + ","}
	}
	ins.plan.splices = append(ins.plan.splices, sp)
	ins.expectEntries()
	return nil
}

// flowFill writes the entries into the empty flow map m: {k: v}.
func (ins *yamlInsert) flowFill(m *yaml.Node) error {
	open, closeAt, err := ins.flowBounds(m)
	if err != nil {
		return err
	}
	ins.plan.splices = append(ins.plan.splices, yamlSplice{start: open + 1, end: closeAt, text: ins.flowText()})
	ins.expectEntries()
	return nil
}

// flowItems scans the flow collection n.
func (ins *yamlInsert) flowItems(n *yaml.Node) ([]flowItem, int, error) {
	items, closeAt, ok := scanFlowCollection(ins.f.src.data, ins.f.collectionStart(n))
	if !ok {
		return nil, 0, unverifiedf("key %s: cannot find the end of the flow collection at line %d", ins.path, n.Line)
	}
	return items, closeAt, nil
}

// flowBounds returns the offsets of the brackets around the flow collection n.
func (ins *yamlInsert) flowBounds(n *yaml.Node) (open, closeAt int, err error) {
	_, closeAt, err = ins.flowItems(n)
	return ins.f.collectionStart(n), closeAt, err
}

// intoEmpty turns the empty value n of the block map key parentKey (a
// null like `components:` or `~`, or `{}`) into a block map holding the
// entries, indented two spaces more than the key: the empty value is
// removed from the key's line and the entries go on the lines below.
func (ins *yamlInsert) intoEmpty(n, parentKey *yaml.Node) error {
	src := ins.f.src
	keyLine := parentKey.Line - 1
	colon := ins.f.afterColon(parentKey, ins.path)
	if colon < 0 {
		return unverifiedf("key %s: cannot find the ':' after the key at line %d", ins.path, parentKey.Line)
	}
	if n.Anchor != "" || n.Style&yaml.TaggedStyle != 0 {
		return invalidf("key %s: the empty value at line %d has a tag or anchor; add the key by hand", ins.path, n.Line)
	}
	del, err := ins.emptyValueEnd(n, colon, keyLine)
	if err != nil {
		return err
	}
	if del > colon {
		ins.plan.splices = append(ins.plan.splices, yamlSplice{start: colon, end: del})
	}
	ins.addLines(src.lineAfter(keyLine), ins.blockLines(parentKey.Column-1+2, 2, src.eol()))
	ins.plan.expect.loose[ins.at] = flatNode{kind: yaml.MappingNode}
	ins.expectEntries()
	return nil
}

// emptyValueEnd returns the offset just past the empty value n (`{}`, `~`
// or nothing) that follows the ':' at colon on the key's line keyLine.
func (ins *yamlInsert) emptyValueEnd(n *yaml.Node, colon, keyLine int) (int, error) {
	src := ins.f.src
	start, end := colon, colon
	switch {
	case n.Kind == yaml.MappingNode:
		open, closeAt, err := ins.flowBounds(n)
		if err != nil {
			return 0, err
		}
		start, end = open, closeAt+1
	case n.Value != "":
		s, e, err := ins.f.scalarSpan(n, ins.path)
		if err != nil {
			return 0, err
		}
		start, end = s, e
	}
	if start < colon || src.lineOf(end) != keyLine && end != colon || len(bytes.Trim(src.data[colon:start], " \t")) > 0 {
		return 0, invalidf("key %s: the empty value at line %d is not on its key's line; add the key by hand", ins.path, n.Line)
	}
	return end, nil
}
