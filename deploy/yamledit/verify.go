package yamledit

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// flatNode is what verification compares of one node.
type flatNode struct {
	kind     yaml.Kind
	style    yaml.Style
	tag      string
	value    string // a scalar's value, an alias's anchor name
	anchor   string
	comments string
}

// flatYAML is every node of a file by a path that survives edits: the
// document index, then map keys (quoted) and list indexes joined by /.
// A map key node itself has its entry's path plus "@key".
type flatYAML struct {
	nodes map[string]flatNode
	paths map[*yaml.Node]string
}

// flattenYAML indexes every node of docs; it does not follow aliases.
func flattenYAML(docs []*yaml.Node) flatYAML {
	fl := flatYAML{nodes: map[string]flatNode{}, paths: map[*yaml.Node]string{}}
	for i, d := range docs {
		fl.add("d"+strconv.Itoa(i), d)
	}
	return fl
}

// add records n at path and walks its children.
func (fl flatYAML) add(path string, n *yaml.Node) {
	fl.paths[n] = path
	fl.nodes[path] = flatNode{kind: n.Kind, style: n.Style, tag: n.Tag, value: n.Value, anchor: n.Anchor,
		comments: n.HeadComment + "\x00" + n.LineComment + "\x00" + n.FootComment}
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for i, c := range n.Content {
			fl.add(path+"/"+strconv.Itoa(i), c)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			base := path + "/" + flatKeyName(n.Content[i], i)
			if _, dup := fl.nodes[base]; dup {
				base += "#" + strconv.Itoa(i)
			}
			fl.add(base+"@key", n.Content[i])
			fl.add(base, n.Content[i+1])
		}
	}
}

// flatKeyName names a map entry in a flat path by its key.
func flatKeyName(k *yaml.Node, i int) string {
	if k.Kind == yaml.ScalarNode {
		return strconv.Quote(k.Value)
	}
	return "?" + strconv.Itoa(i)
}

// yamlExpect says how the flattened file must differ after a change:
// everything else must be equal.
type yamlExpect struct {
	set      map[string]string   // scalars whose value changes to this
	loose    map[string]flatNode // new or reshaped nodes: only kind and value are checked
	removed  []string            // paths whose nodes, with everything below them, are gone
	comments bool                // compare comments too
}

// newYAMLExpect returns an expectation of no change.
func newYAMLExpect(comments bool) *yamlExpect {
	return &yamlExpect{set: map[string]string{}, loose: map[string]flatNode{}, comments: comments}
}

// isRemoved reports whether path is at or below a removed path.
func (e *yamlExpect) isRemoved(path string) bool {
	for _, r := range e.removed {
		if strings.HasPrefix(path, r) && (len(path) == len(r) || path[len(r)] == '/' || path[len(r)] == '@') {
			return true
		}
	}
	return false
}

// check compares before and after; it returns what differs, or "".
func (e *yamlExpect) check(before, after flatYAML) string {
	want := 0
	for p, b := range before.nodes {
		if _, ok := e.loose[p]; ok || e.isRemoved(p) {
			continue
		}
		want++
		a, ok := after.nodes[p]
		if !ok {
			return p + " disappeared"
		}
		if v, ok := e.set[p]; ok {
			b.value, b.tag, a.tag = v, "", ""
		}
		if !e.comments {
			a.comments, b.comments = "", ""
		}
		if a != b {
			return fmt.Sprintf("%s changed from %+v to %+v", p, b, a)
		}
	}
	for p, l := range e.loose {
		want++
		if a, ok := after.nodes[p]; !ok || a.kind != l.kind || a.value != l.value {
			return fmt.Sprintf("%s is %+v, want kind %v value %q", p, a, l.kind, l.value)
		}
	}
	if len(after.nodes) != want {
		return fmt.Sprintf("the file has %d nodes, want %d", len(after.nodes), want)
	}
	return ""
}

// verifyYAML re-parses out and checks it differs from the parsed original
// exactly as e says. It returns an ErrUnverified *Error naming path if not.
func (f *yamlFile) verifyYAML(out []byte, e *yamlExpect, path KeyPath) error {
	docs, err := decodeYAMLDocs(out)
	if err != nil {
		return unverifiedf("key %s: the edited file is not valid YAML (%s), so nothing was changed", path, yamlErrorText(err))
	}
	if len(docs) != len(f.docs) {
		return unverifiedf("key %s: the edited file has %d documents instead of %d, so nothing was changed", path, len(docs), len(f.docs))
	}
	if diff := e.check(flattenYAML(f.docs), flattenYAML(docs)); diff != "" {
		return unverifiedf("key %s: the edited file did not read back as intended (%s), so nothing was changed", path, diff)
	}
	return nil
}
