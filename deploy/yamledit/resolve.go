package yamledit

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// yamlHit is where a key path leads in one document.
type yamlHit struct {
	doc     int
	node    *yaml.Node   // the node the path names; an alias here is not followed
	parent  *yaml.Node   // the mapping or sequence holding node
	key     *yaml.Node   // node's key when parent is a mapping
	chain   []*yaml.Node // the collections walked through, outermost first
	flow    bool         // node sits inside a flow collection
	alias   *yaml.Node   // the first alias followed on the way, if any
	aliasAt string       // the key path of that alias
	merged  string       // the key path of the map whose << supplied a value, if any
}

// pathFailure says why a key path leads nowhere in one document.
type pathFailure struct {
	msg     string // what is wrong, after "key <path>: "
	missing bool   // the path isn't there, as opposed to there in the wrong shape
	depth   int    // steps that succeeded, to pick the most telling document
}

// keyWalk follows one key path through one document.
type keyWalk struct {
	path  KeyPath
	hit   yamlHit
	depth int
}

// resolveKeyPath follows path from root, the top node of document doc.
func resolveKeyPath(root *yaml.Node, doc int, path KeyPath) (yamlHit, *pathFailure) {
	w := &keyWalk{path: path, hit: yamlHit{doc: doc, node: root}}
	if root == nil || isNullNode(root) {
		return w.hit, &pathFailure{msg: "the document is empty", missing: true}
	}
	for i, seg := range path {
		if seg.Key != "" {
			if fail := w.mapStep(i, seg.Key); fail != nil {
				return w.hit, fail
			}
		}
		var fail *pathFailure
		switch {
		case seg.Index >= 0:
			fail = w.indexStep(i, seg.Index)
		case seg.SelField != "":
			fail = w.selectStep(i, seg.SelField, seg.SelValue)
		}
		if fail != nil {
			return w.hit, fail
		}
	}
	return w.hit, nil
}

// where names the part of the path walked so far, before segment i's
// index or selector when withKey, else before segment i.
func (w *keyWalk) where(i int, withKey bool) string {
	p := append(KeyPath{}, w.path[:i]...)
	if withKey {
		p = append(p, KeySegment{Key: w.path[i].Key, Index: -1})
	}
	if len(p) == 0 {
		return "the document"
	}
	return p.String()
}

// fail returns a failure at the current depth.
func (w *keyWalk) fail(missing bool, format string, args ...any) *pathFailure {
	return &pathFailure{msg: fmt.Sprintf(format, args...), missing: missing, depth: w.depth}
}

// enter follows an alias at the current node and returns the collection
// to step into, recording it in the chain.
func (w *keyWalk) enter(where string) *yaml.Node {
	n := w.hit.node
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		if w.hit.alias == nil {
			w.hit.alias, w.hit.aliasAt = n, where
		}
		n = n.Alias
	}
	w.hit.chain = append(w.hit.chain, n)
	if n.Style&yaml.FlowStyle != 0 {
		w.hit.flow = true
	}
	return n
}

// mapStep moves to the value of key in the current mapping.
func (w *keyWalk) mapStep(i int, key string) *pathFailure {
	where := w.where(i, false)
	m := w.enter(where)
	if m.Kind != yaml.MappingNode {
		return w.notMap(m, where, key)
	}
	found := lookupMapKey(m, key)
	switch {
	case found.dup != nil:
		return w.fail(false, "%s has the key %q twice (lines %d and %d); remove one", where, key, found.key.Line, found.dup.Line)
	case found.value == nil:
		return w.fail(true, "%s has no key %q (%s)", where, key, describeKeys(m))
	case found.merged && w.hit.merged == "":
		w.hit.merged = where
	}
	w.hit.parent, w.hit.key, w.hit.node = m, found.key, found.value
	w.depth++
	return nil
}

// notMap explains why a key can't be looked up in n.
func (w *keyWalk) notMap(n *yaml.Node, where, key string) *pathFailure {
	switch {
	case isNullNode(n):
		return w.fail(true, "%s is empty, so it has no key %q", where, key)
	case n.Kind == yaml.SequenceNode:
		return w.fail(false, "%s is a list, not a map, so it has no key %q; pick an item with [N] or [name=value]", where, key)
	case n.Kind == yaml.ScalarNode:
		return w.fail(false, "%s is a single value (%q), not a map, so it has no key %q", where, clip(n.Value), key)
	}
	return w.fail(false, "%s is not a map, so it has no key %q", where, key)
}

// list returns the current node as a sequence, or a failure naming what
// it is instead; what is the [..] being applied.
func (w *keyWalk) list(i int, what string) (*yaml.Node, *pathFailure) {
	where := w.where(i, true)
	s := w.enter(where)
	switch {
	case s.Kind == yaml.SequenceNode:
		return s, nil
	case isNullNode(s):
		return nil, w.fail(true, "%s is empty, so it has no item %s", where, what)
	case s.Kind == yaml.MappingNode:
		return nil, w.fail(false, "%s is a map, not a list, so %s does not apply", where, what)
	}
	return nil, w.fail(false, "%s is a single value (%q), not a list, so %s does not apply", where, clip(s.Value), what)
}

// indexStep moves to item index of the current sequence.
func (w *keyWalk) indexStep(i, index int) *pathFailure {
	what := fmt.Sprintf("[%d]", index)
	s, fail := w.list(i, what)
	if fail != nil {
		return fail
	}
	if index >= len(s.Content) {
		return w.fail(true, "%s has %d items, so there is no item %s (items count from 0)", w.where(i, true), len(s.Content), what)
	}
	w.hit.parent, w.hit.key, w.hit.node = s, nil, s.Content[index]
	w.depth++
	return nil
}

// selectStep moves to the one item of the current sequence whose field
// has the value want.
func (w *keyWalk) selectStep(i int, field, want string) *pathFailure {
	s, fail := w.list(i, "["+field+"="+want+"]")
	if fail != nil {
		return fail
	}
	var matches []int
	var seen []string
	for j, item := range s.Content {
		got, ok := itemField(item, field)
		if !ok {
			continue
		}
		seen = append(seen, got)
		if got == want {
			matches = append(matches, j)
		}
	}
	switch {
	case len(matches) == 0 && len(seen) == 0:
		return w.fail(true, "no list item has %s %q (no item has a %s)", field, want, field)
	case len(matches) == 0:
		return w.fail(true, "no list item has %s %q (%ss: %s)", field, want, field, joinClipped(seen))
	case len(matches) > 1:
		return w.fail(false, "%d list items have %s %q (items %s); deploybot needs exactly one", len(matches), field, want, joinInts(matches))
	}
	w.hit.parent, w.hit.key, w.hit.node = s, nil, s.Content[matches[0]]
	w.depth++
	return nil
}

// itemField returns the scalar value of field in a list item that is a map.
func itemField(item *yaml.Node, field string) (string, bool) {
	item = resolveAlias(item)
	if item == nil || item.Kind != yaml.MappingNode {
		return "", false
	}
	found := lookupMapKey(item, field)
	v := resolveAlias(found.value)
	if v == nil || v.Kind != yaml.ScalarNode || found.dup != nil {
		return "", false
	}
	return v.Value, true
}
