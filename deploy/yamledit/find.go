package yamledit

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// find resolves path in every document and returns where it leads. The
// path must lead somewhere in exactly one document. missing reports that
// it leads nowhere because a key, item or value is absent (rather than,
// say, a selector matching several items). Errors are ErrInvalid *Errors
// naming the key.
func (f *yamlFile) find(path KeyPath) (hit yamlHit, missing bool, err error) {
	if len(f.docs) == 0 {
		return yamlHit{}, true, invalidf("key %s: the file is empty", path)
	}
	var hits []yamlHit
	var best *pathFailure
	for d := range f.docs {
		h, fail := resolveKeyPath(f.root(d), d, path)
		if fail == nil {
			hits = append(hits, h)
			continue
		}
		if best == nil || fail.depth > best.depth {
			best = fail
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], false, nil
	case len(hits) > 1:
		return yamlHit{}, false, invalidf("key %s: is in %d of the %d documents in the file; deploybot edits a key only when exactly one document has it",
			path, len(hits), len(f.docs))
	}
	msg := best.msg
	if len(f.docs) > 1 {
		msg += " (no document of the " + strconv.Itoa(len(f.docs)) + " in the file has it)"
	}
	return yamlHit{}, best.missing, invalidf("key %s: %s", path, msg)
}

// findScalar is find for a path that must name a scalar value.
func (f *yamlFile) findScalar(path KeyPath) (yamlHit, bool, error) {
	h, missing, err := f.find(path)
	if err != nil {
		return h, missing, err
	}
	return h, false, checkScalarHit(h, path)
}

// checkScalarHit refuses a hit that is not a single value.
func checkScalarHit(h yamlHit, path KeyPath) error {
	n := h.node
	switch n.Kind {
	case yaml.AliasNode:
		name := n.Value
		return invalidf("key %s: is an alias (*%s) of a value defined elsewhere in the file; edit the anchored value &%s instead, or write the value here", path, name, name)
	case yaml.MappingNode:
		return invalidf("key %s: is a map (%s), not a single value; name the key inside it that holds the version", path, describeKeys(n))
	case yaml.SequenceNode:
		return invalidf("key %s: is a list of %d items, not a single value; pick one with [N] or [name=value]", path, len(n.Content))
	case yaml.ScalarNode:
		return nil
	}
	return invalidf("key %s: is not a single value", path)
}

// checkEditableHit refuses a scalar whose edit would change more than
// itself or that deploybot cannot rewrite in place.
func checkEditableHit(h yamlHit, path KeyPath, used map[*yaml.Node]bool) error {
	n := h.node
	switch {
	case h.alias != nil:
		return invalidf("key %s: %s is an alias (*%s), so the value is shared with &%s; editing it would change every key that uses &%s",
			path, h.aliasAt, h.alias.Value, h.alias.Value, h.alias.Value)
	case h.merged != "":
		return invalidf("key %s: the value comes from a merge key (<<) in %s; editing it would change every map that merges the same values; set the key explicitly in %s instead",
			path, h.merged, h.merged)
	case n.Anchor != "":
		return invalidf("key %s: the value has the anchor &%s, so other keys may share it through *%s; editing it would change them too",
			path, n.Anchor, n.Anchor)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return invalidf("key %s: is a block scalar (| or >); deploybot edits only single-line values, so write it on one line first", path)
	case n.Value == "" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0:
		return invalidf("key %s: has no value; write the current value into the file first, like %s: \"1.0.0\"", path, lastKey(path))
	}
	for _, c := range h.chain {
		if used[c] {
			return invalidf("key %s: it is inside a map or list with the anchor &%s, which is used elsewhere as *%s; editing it would change those too",
				path, c.Anchor, c.Anchor)
		}
	}
	return nil
}

// lastKey returns the last map key of path, for examples in messages.
func lastKey(path KeyPath) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i].Key != "" {
			return path[i].Key
		}
	}
	return "key"
}

// anchorsUsed returns the nodes that some alias in the document refers to.
func anchorsUsed(doc *yaml.Node) map[*yaml.Node]bool {
	used := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode {
			if n.Alias != nil {
				used[n.Alias] = true
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	return used
}
