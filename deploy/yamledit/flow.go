package yamledit

import "strings"

// flowItem is one entry of a flow collection ({a: 1, b: 2} or [x, y]) in
// the original bytes.
type flowItem struct {
	start, end int // first byte and just past the last byte of the entry
	comma      int // offset of the comma after it, or -1
}

// flowScan walks a flow collection at the byte level: quoted scalars,
// comments, nested brackets and the commas between entries.
type flowScan struct {
	data    []byte
	items   []flowItem
	cur     flowItem // the entry being read; start < 0 before it begins
	lastSig byte     // the last significant byte at depth 0 and above
	depth   int
}

// scanFlowCollection returns the entries of the flow collection whose
// opening bracket is at data[open], and the offset of its closing bracket.
// ok is false when the brackets or quotes do not balance.
func scanFlowCollection(data []byte, open int) (items []flowItem, closeAt int, ok bool) {
	if open < 0 || open >= len(data) || data[open] != '{' && data[open] != '[' {
		return nil, -1, false
	}
	s := &flowScan{data: data, cur: flowItem{start: -1, comma: -1}, lastSig: data[open]}
	for i := open + 1; i < len(data); i++ {
		c := data[i]
		switch {
		case c == ' ' || c == '\t' || breakLen(data, i) > 0:
		case c == '#' && isBlankOrBreak(data, i-1):
			i = s.skipComment(i)
		case (c == '"' || c == '\'') && strings.IndexByte("{[,:?", s.lastSig) >= 0:
			end := scanDoubleQuoted(data, i)
			if c == '\'' {
				end = scanSingleQuoted(data, i)
			}
			if end < 0 {
				return nil, -1, false
			}
			s.mark(i, end)
			i = end - 1
		case (c == '}' || c == ']') && s.depth == 0:
			s.finish(-1)
			return s.items, i, true
		default:
			s.token(i, c)
		}
	}
	return nil, -1, false
}

// skipComment returns the offset of the last byte of the comment at i.
func (s *flowScan) skipComment(i int) int {
	for i+1 < len(s.data) && breakLen(s.data, i+1) == 0 {
		i++
	}
	return i
}

// token handles a bracket, a comma or a byte of a plain scalar at i.
func (s *flowScan) token(i int, c byte) {
	switch {
	case c == ',' && s.depth == 0:
		s.finish(i)
		s.lastSig = c
		return
	case c == '{' || c == '[':
		s.depth++
	case c == '}' || c == ']':
		s.depth--
	}
	s.mark(i, i+1)
}

// mark records significant bytes [from, to) of the current entry.
func (s *flowScan) mark(from, to int) {
	if s.cur.start < 0 {
		s.cur.start = from
	}
	s.cur.end = to
	s.lastSig = s.data[to-1]
}

// finish ends the current entry at a comma (or the closing bracket, -1).
func (s *flowScan) finish(comma int) {
	if s.cur.start >= 0 {
		s.cur.comma = comma
		s.items = append(s.items, s.cur)
	}
	s.cur = flowItem{start: -1, comma: -1}
}
