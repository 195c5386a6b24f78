package yamledit

import (
	"bytes"
	"unicode/utf8"
)

// yamlSource maps yaml.v3 node positions (1-based line and column, where a
// column counts characters, not bytes) back to byte offsets in the original
// file, using the same line breaks as yaml.v3: \r\n, \n, \r, and the
// Unicode breaks NEL, LS and PS. A leading byte order mark is not counted.
type yamlSource struct {
	data  []byte
	lines []int // byte offset where each line starts; lines[0] is after a BOM
}

const utf8BOM = "\xef\xbb\xbf"

// newYAMLSource indexes the line starts of data, which must be valid UTF-8.
func newYAMLSource(data []byte) *yamlSource {
	start := 0
	if bytes.HasPrefix(data, []byte(utf8BOM)) {
		start = len(utf8BOM)
	}
	s := &yamlSource{data: data, lines: []int{start}}
	for i := start; i < len(data); {
		if n := breakLen(data, i); n > 0 {
			i += n
			s.lines = append(s.lines, i)
			continue
		}
		i++
	}
	return s
}

// breakLen returns the length of the line break at data[i], or 0.
func breakLen(data []byte, i int) int {
	switch {
	case i >= len(data):
		return 0
	case data[i] == '\n':
		return 1
	case data[i] == '\r':
		if i+1 < len(data) && data[i+1] == '\n' {
			return 2
		}
		return 1
	case data[i] == 0xc2 && i+1 < len(data) && data[i+1] == 0x85: // NEL
		return 2
	case data[i] == 0xe2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xa8 || data[i+2] == 0xa9): // LS, PS
		return 3
	}
	return 0
}

// offset returns the byte offset of a 1-based line and column, or -1 when
// the position is not in the file.
func (s *yamlSource) offset(line, col int) int {
	if line < 1 || line > len(s.lines) || col < 1 {
		return -1
	}
	i, end := s.lines[line-1], s.lineEnd(line-1)
	for c := 1; c < col; c++ {
		if i >= end {
			return -1
		}
		_, size := utf8.DecodeRune(s.data[i:])
		i += size
	}
	return i
}

// lineEnd returns the offset of the break that ends the 0-based line l, or
// the end of the file.
func (s *yamlSource) lineEnd(l int) int {
	if l+1 < len(s.lines) {
		return s.breakStart(l)
	}
	return len(s.data)
}

// breakStart returns the offset of the line break ending the 0-based line l
// (which must not be the last line).
func (s *yamlSource) breakStart(l int) int {
	next := s.lines[l+1]
	for n := 3; n >= 1; n-- {
		if next-n >= s.lines[l] && breakLen(s.data, next-n) == n {
			return next - n
		}
	}
	return next
}

// lineAfter returns the offset where the 0-based line l+1 starts, or the
// end of the file.
func (s *yamlSource) lineAfter(l int) int {
	if l+1 < len(s.lines) {
		return s.lines[l+1]
	}
	return len(s.data)
}

// lineOf returns the 0-based line holding byte offset off.
func (s *yamlSource) lineOf(off int) int {
	lo, hi := 0, len(s.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// eol returns the line break the file uses: that of its first line, or \n.
func (s *yamlSource) eol() string {
	if len(s.lines) < 2 {
		return "\n"
	}
	return string(s.data[s.breakStart(0):s.lines[1]])
}

// endsWithBreak reports whether the file is empty or ends with a line break.
func (s *yamlSource) endsWithBreak() bool {
	return s.lines[len(s.lines)-1] == len(s.data)
}

// indentOf returns the number of spaces that start the 0-based line l.
func (s *yamlSource) indentOf(l int) int {
	n := 0
	for i := s.lines[l]; i < len(s.data) && s.data[i] == ' '; i++ {
		n++
	}
	return n
}

// lineKind classifies the 0-based line l for block layout.
type lineKind int

const (
	lineContent lineKind = iota
	lineBlank            // only spaces and tabs
	lineComment          // a comment after optional spaces and tabs
	lineMarker           // --- or ... at column 0: a document boundary
)

// kindOf classifies the 0-based line l.
func (s *yamlSource) kindOf(l int) lineKind {
	text := s.data[s.lines[l]:s.lineEnd(l)]
	if isDocMarker(text) {
		return lineMarker
	}
	trimmed := bytes.TrimLeft(text, " \t")
	switch {
	case len(trimmed) == 0:
		return lineBlank
	case trimmed[0] == '#':
		return lineComment
	}
	return lineContent
}

// isDocMarker reports whether a line starts with --- or ... as a token.
func isDocMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) && !bytes.HasPrefix(line, []byte("...")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t'
}
