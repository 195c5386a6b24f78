package yamledit

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlInsert plans the creation of nested map entries that end in a
// scalar, like components: {api: {revision: <sha>}}, below the deepest of
// them that already exists.
type yamlInsert struct {
	f     *yamlFile
	plan  *yamlPlan
	flat  flatYAML
	path  KeyPath    // the full key path being created, for messages
	keys  []string   // the keys still to create, outermost first
	value string     // the scalar at the end
	like  *yaml.Node // a scalar whose quotes the new value copies, or nil
	at    string     // flat path of the node that receives the entries
	flow  bool       // the receiving node is or sits in a flow collection
	outer bool       // the receiving node sits in a flow collection
}

// maxNewKeyLen bounds the keys planInsert writes: YAML reads an implicit
// key of at most 1024 characters, quotes and escapes included.
const maxNewKeyLen = 1000

// planInsert adds to plan the splices that create path (plain map keys
// from the top of document doc) holding value, below the deepest part of
// path that exists. like is a scalar whose quoting the value copies, or
// nil. It returns an ErrInvalid *Error when a key on the way is not a map,
// or is reached through an alias or merge key.
func (f *yamlFile) planInsert(plan *yamlPlan, doc int, path KeyPath, value string, like *yaml.Node) error {
	if err := checkNewEntry(path, value); err != nil {
		return err
	}
	ins := &yamlInsert{f: f, plan: plan, flat: flattenYAML(f.docs), path: path, value: value, like: like}
	used := anchorsUsed(f.docs[doc])
	n, parentKey := f.root(doc), (*yaml.Node)(nil)
	for i, seg := range path {
		ins.keys, ins.at = pathKeys(path[i:]), ins.flat.paths[n]
		where := KeyPath(path[:i]).String()
		if i == 0 {
			where = "the document"
		}
		switch {
		case n == nil || n.Kind == yaml.AliasNode || n.Anchor != "" && used[n]:
			return invalidf("key %s: %s is shared through an anchor or alias; add the key by hand", path, where)
		case isNullNode(n) && (parentKey == nil || ins.flow):
			return invalidf("key %s: %s is empty; add the key by hand", path, where)
		case isNullNode(n):
			return ins.intoEmpty(n, parentKey)
		case n.Kind != yaml.MappingNode:
			return invalidf("key %s: %s is %s, not a map, so deploybot cannot add %q to it", path, where, Describe(n), seg.Key)
		}
		ins.outer, ins.flow = ins.flow, ins.flow || n.Style&yaml.FlowStyle != 0
		e := lookupMapKey(n, seg.Key)
		switch {
		case e.dup != nil:
			return invalidf("key %s: %s has the key %q twice (lines %d and %d); remove one", path, where, seg.Key, e.key.Line, e.dup.Line)
		case e.merged:
			return invalidf("key %s: %s gets %q from a merge key (<<); set it explicitly there first", path, where, seg.Key)
		case e.value == nil:
			return ins.intoMap(n, parentKey)
		}
		n, parentKey = e.value, e.key
	}
	return unverifiedf("key %s: exists already, nothing to add", path)
}

// checkNewEntry returns an ErrInvalid *Error when path and value cannot
// be written as new YAML: a value that is not UTF-8 or an overlong key.
func checkNewEntry(path KeyPath, value string) error {
	if !utf8.ValidString(value) {
		return invalidf("key %s: the new value is not valid UTF-8", path)
	}
	for _, seg := range path {
		if len(newKeyText(seg.Key, false)) > maxNewKeyLen {
			return invalidf("key %s: the key %q is too long: YAML allows at most 1024 characters in a key", path, clip(seg.Key))
		}
	}
	return nil
}

// pathKeys returns the map keys of a plain dotted path.
func pathKeys(path KeyPath) []string {
	keys := make([]string, len(path))
	for i, seg := range path {
		keys[i] = seg.Key
	}
	return keys
}

// intoMap adds the entries to the non-null map m, whose key is parentKey
// (nil for the top of the document).
func (ins *yamlInsert) intoMap(m, parentKey *yaml.Node) error {
	switch {
	case m.Style&yaml.FlowStyle == 0:
		return ins.blockAppend(m)
	case len(m.Content) > 0:
		return ins.flowAppend(m)
	case parentKey != nil && !ins.outer:
		return ins.intoEmpty(m, parentKey)
	}
	return ins.flowFill(m)
}

// expectEntries records the nodes the insertion creates below ins.at.
func (ins *yamlInsert) expectEntries() {
	base := ins.at
	for i, k := range ins.keys {
		base += "/" + strconv.Quote(k)
		ins.plan.expect.loose[base+"@key"] = flatNode{kind: yaml.ScalarNode, value: k}
		if i < len(ins.keys)-1 {
			ins.plan.expect.loose[base] = flatNode{kind: yaml.MappingNode}
		} else {
			ins.plan.expect.loose[base] = flatNode{kind: yaml.ScalarNode, value: ins.value}
		}
	}
}

// blockLines renders the entries as block lines indented by indent, each
// level step deeper, each ending in eol.
func (ins *yamlInsert) blockLines(indent, step int, eol string) string {
	var b strings.Builder
	for i, k := range ins.keys {
		b.WriteString(strings.Repeat(" ", indent+i*step))
		b.WriteString(newKeyText(k, false))
		b.WriteByte(':')
		if i == len(ins.keys)-1 {
			b.WriteString(" " + newValueText(ins.value, false, ins.like))
		}
		b.WriteString(eol)
	}
	return b.String()
}

// flowText renders the entries in flow style: k1: {k2: value}.
func (ins *yamlInsert) flowText() string {
	text := newValueText(ins.value, true, ins.like)
	for i := len(ins.keys) - 1; i >= 0; i-- {
		text = newKeyText(ins.keys[i], true) + ": " + text
		if i > 0 {
			text = "{" + text + "}"
		}
	}
	return text
}

// newKeyText returns key written plain when that reads back as the same
// string everywhere, else double-quoted.
func newKeyText(key string, flow bool) string {
	if plainProblem(key, flow) == "" && !yaml11Typed.MatchString(key) {
		if n := trialPlain(key, flow); n != nil && n.Tag == "!!str" {
			return key
		}
	}
	return quoteDouble(key)
}

// newValueText returns value written in the quotes of like when it has
// them, else plain when that reads back as the same string, else
// double-quoted.
func newValueText(value string, flow bool, like *yaml.Node) string {
	switch {
	case like != nil && like.Style&yaml.DoubleQuotedStyle != 0:
		return quoteDouble(value)
	case like != nil && like.Style&yaml.SingleQuotedStyle != 0 && !hasBreakOrControl(value, true):
		return "'" + strings.ReplaceAll(value, "'", "''") + "'"
	}
	return newKeyText(value, flow)
}
