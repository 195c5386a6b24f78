package config

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/deploybot/deploybot/deploy/yamledit"
)

// This file holds the generic walkers over yaml.v3 nodes: mappings with a
// fixed set of keys, lists, and typed scalars. Each reports a problem and
// returns ok=false when the node has the wrong shape.

// configField is one key a mapping may hold and how to parse its value.
type configField struct {
	name     string
	required bool
	hint     string // what a required value looks like, for "is required"
	parse    func(path string, n *yaml.Node)
}

// nodePair is one key and its value in a mapping.
type nodePair struct{ key, value *yaml.Node }

// resolve follows an alias (*name) to the node it names.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is an empty value (key:, ~, null).
func isNullNode(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// isAbsent reports whether a mapping value counts as not given: null or "".
func isAbsent(n *yaml.Node) bool {
	return isNullNode(n) || (n.Kind == yaml.ScalarNode && n.Value == "" && n.Tag == "!!str")
}

// join appends a map key to a key path.
func keyJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index appends a list index to a key path.
func keyIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// kindName describes what n is, for "must be X, not Y" messages.
func kindName(n *yaml.Node) string { return yamledit.Describe(n) }

// fields walks the mapping n at path: each known key's value (unless absent)
// goes to its configField's parse func; unknown and duplicate keys, and missing
// required keys, are problems. It returns false if n is not a mapping.
func (p *configParser) fields(path string, n *yaml.Node, fs []configField) bool {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		p.addf(path, n.Line, "must be a mapping with the keys %s, not %s", fieldNames(fs), kindName(n))
		return false
	}
	given := make(map[string]bool, len(fs))
	for _, kv := range p.pairs(path, n) {
		f := findField(fs, kv.key.Value)
		if f == nil {
			p.unknownKey(path, kv.key.Value, kv.key.Line, fs)
			continue
		}
		key, v := keyJoin(path, f.name), resolveAlias(kv.value)
		p.lines[key] = v.Line
		if isAbsent(v) {
			p.lines[key] = kv.key.Line
			continue
		}
		given[f.name] = true
		f.parse(key, v)
	}
	for _, f := range fs {
		if f.required && !given[f.name] {
			line, ok := p.lines[keyJoin(path, f.name)]
			if !ok {
				line = n.Line
			}
			p.addf(keyJoin(path, f.name), line, "is required: %s", f.hint)
		}
	}
	return true
}

func findField(fs []configField, name string) *configField {
	for i := range fs {
		if fs[i].name == name {
			return &fs[i]
		}
	}
	return nil
}

func fieldNames(fs []configField) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// unknownKey reports a key that is not in fs, suggesting the likely one.
// Keys that look like secrets are left to scanSecrets, which says more.
func (p *configParser) unknownKey(path, key string, line int, fs []configField) {
	if secretKeyName(key) {
		return
	}
	msg := fmt.Sprintf("unknown key %q", key)
	if f := likelyField(fs, key); f != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", f)
	}
	where := "here"
	if path == "" {
		where = "at the top level"
	}
	p.addf(keyJoin(path, key), line, "%s; the valid keys %s are: %s", msg, where, fieldNames(fs))
}

// likelyField returns the field key was probably meant to be: equal
// ignoring case, - and _, or at most two edits away; "" if none is.
func likelyField(fs []configField, key string) string {
	best, bestDist := "", 3
	for _, f := range fs {
		d := editDistance(normalizeKey(f.name), normalizeKey(key))
		if d < bestDist && d < len(f.name)/2 {
			best, bestDist = f.name, d
		}
	}
	return best
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of adjacent letters that turn a into b (optimal string alignment), for
// short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	var rows [3][]int // rows i-2, i-1 and i
	for r := range rows {
		rows[r] = make([]int, len(b)+1)
	}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		pp, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		rows[0], rows[1], rows[2] = prev, cur, pp
	}
	return rows[1][len(b)]
}

// pairs returns the key/value pairs of mapping n in file order, with YAML
// merge keys (<<: *base) expanded; keys written out win over merged ones.
// Duplicate and non-string keys are problems and are left out.
func (p *configParser) pairs(path string, n *yaml.Node) []nodePair {
	out := make([]nodePair, 0, len(n.Content)/2)
	first := make(map[string]int, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			merges = append(merges, resolveAlias(v))
		case k.Kind != yaml.ScalarNode:
			p.addf(path, k.Line, "keys must be plain strings, not %s", kindName(k))
		case first[k.Value] != 0:
			p.addf(keyJoin(path, k.Value), k.Line, "is defined twice (first on line %d); remove one of them", first[k.Value])
		default:
			first[k.Value] = k.Line
			out = append(out, nodePair{k, v})
		}
	}
	return p.mergePairs(path, out, first, merges)
}

// mergePairs appends the pairs of the merged mappings whose keys are not
// already present. Each merged node is expanded once.
func (p *configParser) mergePairs(path string, out []nodePair, have map[string]int, merges []*yaml.Node) []nodePair {
	done := map[*yaml.Node]bool{}
	for len(merges) > 0 {
		m := merges[0]
		merges = merges[1:]
		if done[m] {
			continue
		}
		done[m] = true
		switch m.Kind {
		case yaml.SequenceNode:
			for _, c := range m.Content {
				merges = append(merges, resolveAlias(c))
			}
			continue
		case yaml.MappingNode:
		default:
			p.addf(path, m.Line, "a merge (<<) must name a mapping, not %s", kindName(m))
			continue
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				merges = append(merges, resolveAlias(v))
			} else if k.Kind == yaml.ScalarNode && have[k.Value] == 0 {
				have[k.Value] = k.Line
				out = append(out, nodePair{k, v})
			}
		}
	}
	return out
}

// list returns the items of the list n, or false if n is not a list.
// what describes an item, for the message.
func (p *configParser) list(path string, n *yaml.Node, what string) ([]*yaml.Node, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		hint := ""
		if n.Kind == yaml.ScalarNode && n.Value != "" {
			hint = fmt.Sprintf(" (write [%s] for a list of one)", n.Value)
		}
		p.addf(path, n.Line, "must be a list of %s, not %s%s", what, kindName(n), hint)
		return nil, false
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = resolveAlias(c)
	}
	return items, true
}

// str returns the text of scalar n, or false if n is not a scalar.
func (p *configParser) str(path string, n *yaml.Node) (string, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		p.addf(path, n.Line, "must be a string, not %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

// strList returns a list of strings; check, if not nil, validates each item
// and reports its own problem.
func (p *configParser) strList(path string, n *yaml.Node, what string, check func(path string, line int, s string) bool) []string {
	items, ok := p.list(path, n, what)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		p.lines[keyIndex(path, i)] = item.Line
		s, ok := p.str(keyIndex(path, i), item)
		if ok && (check == nil || check(keyIndex(path, i), item.Line, s)) {
			out = append(out, s)
		}
	}
	return out
}

// boolean returns the value of a true/false scalar.
func (p *configParser) boolean(path string, n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	p.addf(path, n.Line, "must be true or false, not %s", describeNode(n))
	return false
}

// count returns the value of a whole number ≥ 0.
func (p *configParser) count(path string, n *yaml.Node) int {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.ParseInt(n.Value, 0, 32)
		if err == nil && v >= 0 {
			return int(v)
		}
	}
	p.addf(path, n.Line, "must be a whole number, 0 or more (like 1), not %s", describeNode(n))
	return 0
}

// describe names a node's kind and, for a short scalar, its value.
func describeNode(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && len(n.Value) <= 40 {
		return strconv.Quote(n.Value)
	}
	return kindName(n)
}
