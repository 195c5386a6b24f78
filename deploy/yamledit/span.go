package yamledit

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// scalarSpan returns the byte range [start, end) of scalar n's text in the
// file: after any tag or anchor, quotes included. It returns an ErrInvalid
// *Error naming path for a plain value that spans several lines, and an
// ErrUnverified one when the text there is not what the parser saw.
func (f *yamlFile) scalarSpan(n *yaml.Node, path KeyPath) (start, end int, err error) {
	data := f.src.data
	off := f.src.offset(n.Line, n.Column)
	if off < 0 {
		return 0, 0, unverifiedf("key %s: cannot find the value at line %d, column %d", path, n.Line, n.Column)
	}
	if off = skipNodeProperties(data, off); off < 0 {
		return 0, 0, invalidf("key %s: the value is not on the same line as its tag or anchor (line %d); write them on one line first", path, n.Line)
	}
	end = -1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		end = scanDoubleQuoted(data, off)
	case n.Style&yaml.SingleQuotedStyle != 0:
		end = scanSingleQuoted(data, off)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
	case bytes.HasPrefix(data[off:], []byte(n.Value)):
		end = off + len(n.Value)
	case bytes.HasPrefix([]byte(n.Value), bytes.TrimRight(data[off:f.src.lineEnd(f.src.lineOf(off))], " \t")):
		return 0, 0, invalidf("key %s: the value spans several lines; deploybot edits only single-line values, so write it on one line first", path)
	}
	if end < 0 {
		return 0, 0, unverifiedf("key %s: the text at line %d, column %d is not the value the parser read", path, n.Line, n.Column)
	}
	return off, end, nil
}

// skipNodeProperties skips a tag (!t) or anchor (&a) and the blanks after
// it, as often as they occur at off; it returns -1 when the value does not
// follow on the same line.
func skipNodeProperties(data []byte, off int) int {
	for off < len(data) && (data[off] == '!' || data[off] == '&') {
		for off < len(data) && !isBlankOrBreak(data, off) {
			off++
		}
		for off < len(data) && (data[off] == ' ' || data[off] == '\t') {
			off++
		}
		if off >= len(data) || breakLen(data, off) > 0 {
			return -1
		}
	}
	return off
}

// isBlankOrBreak reports whether data[i] is a space, tab or line break.
func isBlankOrBreak(data []byte, i int) bool {
	return data[i] == ' ' || data[i] == '\t' || breakLen(data, i) > 0
}

// scanDoubleQuoted returns the offset just after the double-quoted scalar
// starting at data[off], or -1.
func scanDoubleQuoted(data []byte, off int) int {
	if off >= len(data) || data[off] != '"' {
		return -1
	}
	for i := off + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// scanSingleQuoted returns the offset just after the single-quoted scalar
// starting at data[off], or -1.
func scanSingleQuoted(data []byte, off int) int {
	if off >= len(data) || data[off] != '\'' {
		return -1
	}
	for i := off + 1; i < len(data); i++ {
		if data[i] != '\'' {
			continue
		}
		if i+1 < len(data) && data[i+1] == '\'' {
			i++
			continue
		}
		return i + 1
	}
	return -1
}
