package yamledit

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzEdit edits one scalar of arbitrary YAML. It checks that Edit
// never panics and never writes to its input; that a success parses with
// the same number of documents, reads back the new value at the key and
// changes no other scalar; and that a refusal is a domain error that is
// not ErrUnverified (a failed self-check would mean the editor located or
// wrote the value wrongly). The seed corpus is in testdata/fuzz/FuzzEdit.
func FuzzEdit(f *testing.F) {
	f.Add([]byte("image:\n  tag: v1 # pinned\n"), "image.tag", "v2")
	f.Add([]byte("images: [{name: api, newTag: \"1.0\"}]"), "images[name=api].newTag", "2.0")
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		path, err := ParseKeyPath(key)
		if err != nil {
			return
		}
		orig := bytes.Clone(data)
		out, err := Edit(data, Change{Path: path, Value: value})
		if !bytes.Equal(data, orig) {
			t.Fatalf("Edit wrote to its input")
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("refusal that is not ErrInvalid: %v", err)
			}
			return
		}
		checkFuzzEdit(t, orig, out, path, value)
	})
}

// checkFuzzEdit checks a successful edit of orig into out.
func checkFuzzEdit(t *testing.T, orig, out []byte, path KeyPath, value string) {
	t.Helper()
	before, err := decodeYAMLDocs(orig)
	if err != nil {
		t.Fatalf("the input was edited but does not parse: %v", err)
	}
	after, err := decodeYAMLDocs(out)
	if err != nil {
		t.Fatalf("the output does not parse: %v\n%q", err, out)
	}
	if len(after) != len(before) {
		t.Fatalf("%d documents became %d:\n%q", len(before), len(after), out)
	}
	if got, err := Lookup(out, path); err != nil || got != value {
		t.Fatalf("reads back %q, %v; want %q:\n%q", got, err, value, out)
	}
	b, a := scalarList(before), scalarList(after)
	if len(a) != len(b) {
		t.Fatalf("%d scalars became %d:\n%q", len(b), len(a), out)
	}
	changed := 0
	for i := range b {
		if a[i] != b[i] {
			changed++
		}
	}
	if changed > 1 {
		t.Fatalf("%d scalars changed:\n%q\n->\n%q", changed, orig, out)
	}
}

// scalarList returns every node of docs in document order as position
// path and value, without following aliases; it is deliberately simpler
// than the editor's own check.
func scalarList(docs []*yaml.Node) []string {
	var out []string
	var walk func(path string, n *yaml.Node)
	walk = func(path string, n *yaml.Node) {
		out = append(out, path+"="+strconv.Itoa(int(n.Kind))+":"+n.Value)
		for i, c := range n.Content {
			walk(path+"/"+strconv.Itoa(i), c)
		}
	}
	for i, d := range docs {
		walk(strconv.Itoa(i), d)
	}
	return out
}
