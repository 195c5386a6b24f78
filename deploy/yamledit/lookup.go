package yamledit

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// mapEntry is the result of looking a key up in a mapping.
type mapEntry struct {
	key, value *yaml.Node
	index      int        // position of key in the mapping's Content, or -1
	merged     bool       // found through a merge key (<<), not in the map itself
	dup        *yaml.Node // a second key with the same name, if any
}

// lookupMapKey finds key among the entries of mapping m, then among the
// maps merged into it with <<, as YAML merge keys do. Each merged map is
// searched once, however often aliases repeat it.
func lookupMapKey(m *yaml.Node, key string) mapEntry {
	return lookupMapKeyIn(m, key, map[*yaml.Node]bool{})
}

// lookupMapKeyIn is lookupMapKey, skipping the maps in seen.
func lookupMapKeyIn(m *yaml.Node, key string, seen map[*yaml.Node]bool) mapEntry {
	seen[m] = true
	e := mapEntry{index: -1}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || k.Value != key || isMergeKey(k) {
			continue
		}
		if e.key != nil {
			e.dup = k
			return e
		}
		e.key, e.value, e.index = k, m.Content[i+1], i
	}
	if e.key != nil {
		return e
	}
	for _, src := range mergeSources(m) {
		if seen[src] {
			continue
		}
		if found := lookupMapKeyIn(src, key, seen); found.value != nil {
			found.merged, found.index = true, -1
			return found
		}
	}
	return e
}

// isMergeKey reports whether k is the merge key <<.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

// mergeSources returns the maps merged into m by its << keys, in order.
func mergeSources(m *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMergeKey(m.Content[i]) {
			continue
		}
		v := resolveAlias(m.Content[i+1])
		switch {
		case v == nil:
		case v.Kind == yaml.MappingNode:
			out = append(out, v)
		case v.Kind == yaml.SequenceNode:
			for _, item := range v.Content {
				if item = resolveAlias(item); item != nil && item.Kind == yaml.MappingNode {
					out = append(out, item)
				}
			}
		}
	}
	return out
}

// mapKeys returns the plain keys of mapping m, without merge keys.
func mapKeys(m *yaml.Node) []string {
	var keys []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && !isMergeKey(k) {
			keys = append(keys, k.Value)
		}
	}
	return keys
}

// describeKeys renders the keys of m for a message: "its keys: a, b" or
// "it is empty".
func describeKeys(m *yaml.Node) string {
	keys := mapKeys(m)
	switch {
	case len(m.Content) == 0:
		return "it is empty"
	case len(keys) == 0:
		return "it has only merge keys (<<)"
	}
	return "its keys: " + joinClipped(keys)
}

// maxListed bounds how many names a message lists.
const maxListed = 12

// joinClipped joins names with ", ", at most maxListed of them, each clipped.
func joinClipped(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == maxListed {
			b.WriteString(", … (" + strconv.Itoa(len(names)-maxListed) + " more)")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(clip(n))
	}
	return b.String()
}

// joinInts renders indexes as "0, 3 and 5".
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// clip shortens s to at most 60 characters for a message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
