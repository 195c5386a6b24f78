package yamledit

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// Change sets the scalar at Path to Value.
type Change struct {
	Path  KeyPath
	Value string
}

// Lookup returns the value of the scalar that path names in data.
// The path must resolve in exactly one document of a multi-document file.
// It returns an ErrInvalid *Error whose message names the key when the key
// is missing, resolves to a map or list, is an alias, or a selector matches
// zero or several items. Callers prefix the file name.
func Lookup(data []byte, path KeyPath) (string, error) {
	f, err := parseYAMLFile(data, path)
	if err != nil {
		return "", err
	}
	h, _, err := f.findScalar(path)
	if err != nil {
		return "", err
	}
	return h.node.Value, nil
}

// Edit returns data with the scalars named by edits replaced, and every
// other byte unchanged: comments, blank lines, key order, quoting style,
// indentation, flow style, other documents, a missing final newline and
// CRLF line endings. It re-parses the result and refuses unless exactly the
// intended values changed. Errors are ErrInvalid *Errors naming the key, as
// for Lookup, plus refusals of anchored scalars (editing one would
// change its aliases) and of values that cannot be written in the scalar's
// style. On error data is not modified.
//
// A plain (unquoted) scalar stays plain, so a value that would read back
// differently unquoted (one holding ": " or " #", starting with YAML
// syntax, empty, or read as a number or boolean where the old value was
// text) is refused rather than quoted; quoting the value in the file first
// makes Edit keep the quotes. Block scalars (| and >), aliases,
// values reached through an alias or a merge key (<<), and values inside an
// anchored map or list that is used elsewhere are refused too. The result
// is a new slice even when nothing changes; a failed verification is an
// ErrUnverified *Error.
func Edit(data []byte, edits ...Change) ([]byte, error) {
	if len(edits) == 0 {
		return bytes.Clone(data), nil
	}
	f, err := parseYAMLFile(data, edits[0].Path)
	if err != nil {
		return nil, err
	}
	plan := &yamlPlan{expect: newYAMLExpect(true)}
	if err := f.planEdits(plan, edits); err != nil {
		return nil, err
	}
	return f.apply(plan, edits[0].Path)
}

// planEdits adds the splices and expectations of edits to plan.
func (f *yamlFile) planEdits(plan *yamlPlan, edits []Change) error {
	flat := flattenYAML(f.docs)
	seen := map[*yaml.Node]KeyPath{}
	for _, e := range edits {
		h, err := f.editableScalar(e.Path)
		if err != nil {
			return err
		}
		if prev, dup := seen[h.node]; dup {
			return invalidf("key %s and key %s name the same value; edit it once", prev, e.Path)
		}
		seen[h.node] = e.Path
		if err := f.planScalar(plan, h, e.Value, e.Path); err != nil {
			return err
		}
		plan.expect.set[flat.paths[h.node]] = e.Value
	}
	return nil
}

// editableScalar finds the scalar path names and checks it can be edited
// in place without changing any other value.
func (f *yamlFile) editableScalar(path KeyPath) (yamlHit, error) {
	h, _, err := f.findScalar(path)
	if err != nil {
		return h, err
	}
	return h, checkEditableHit(h, path, anchorsUsed(f.docs[h.doc]))
}

// planScalar adds the splice that writes value over the scalar h names,
// in its own quoting style; an unchanged value needs none.
func (f *yamlFile) planScalar(plan *yamlPlan, h yamlHit, value string, path KeyPath) error {
	if h.node.Value == value {
		return nil
	}
	text, err := scalarText(h, value, path)
	if err != nil {
		return err
	}
	start, end, err := f.scalarSpan(h.node, path)
	if err != nil {
		return err
	}
	plan.splices = append(plan.splices, yamlSplice{start: start, end: end, text: text})
	return nil
}
