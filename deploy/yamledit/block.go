package yamledit

import (
	"gopkg.in/yaml.v3"
)

// maxNodeLine returns the last line any node below n starts on; aliases
// are not followed.
func maxNodeLine(n *yaml.Node) int {
	line := n.Line
	for _, c := range n.Content {
		if l := maxNodeLine(c); l > line {
			line = l
		}
	}
	return line
}

// entryLastLine returns the 0-based last line holding content of the
// entry at m.Content[i] (key) and m.Content[i+1] (value) of a block map
// whose keys are indented by indent: its last node's line, and the
// continuation lines after it that are indented deeper than the keys.
// Blank and comment lines after the entry are not part of it.
func (s *yamlSource) entryLastLine(m *yaml.Node, i, indent int) int {
	last := maxNodeLine(m.Content[i])
	if l := maxNodeLine(m.Content[i+1]); l > last {
		last = l
	}
	last-- // 0-based
	for l := last + 1; l < len(s.lines); l++ {
		switch s.kindOf(l) {
		case lineBlank, lineComment:
			continue
		case lineMarker:
			return last
		}
		if s.indentOf(l) <= indent {
			return last
		}
		last = l
	}
	return last
}

// blockIndent returns the column (0-based) of the keys of block map m.
func blockIndent(m *yaml.Node) int {
	return m.Content[0].Column - 1
}

// blockStep returns how much deeper than its keys block map m indents the
// keys of a nested block map, or 2 when it has none.
func blockStep(m *yaml.Node) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		v := m.Content[i+1]
		if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
			if step := v.Content[0].Column - m.Content[i].Column; step > 0 {
				return step
			}
		}
	}
	return 2
}

// keyStartsLine reports whether key node k is the first thing on its
// line, after spaces only.
func (s *yamlSource) keyStartsLine(k *yaml.Node) bool {
	off := s.offset(k.Line, k.Column)
	if off < 0 {
		return false
	}
	for i := s.lines[k.Line-1]; i < off; i++ {
		if s.data[i] != ' ' {
			return false
		}
	}
	return true
}

// afterColon returns the offset just past the ':' that follows the map
// key k, or -1.
func (f *yamlFile) afterColon(k *yaml.Node, path KeyPath) int {
	_, end, err := f.scalarSpan(k, path)
	if err != nil {
		return -1
	}
	data := f.src.data
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	if end >= len(data) || data[end] != ':' {
		return -1
	}
	return end + 1
}

// collectionStart returns the offset of the bracket opening the flow
// collection n, or -1.
func (f *yamlFile) collectionStart(n *yaml.Node) int {
	off := f.src.offset(n.Line, n.Column)
	if off < 0 {
		return -1
	}
	return skipNodeProperties(f.src.data, off)
}
