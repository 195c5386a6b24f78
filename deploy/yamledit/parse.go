package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlFile is a parsed GitOps file: its bytes, line index and documents.
type yamlFile struct {
	src  *yamlSource
	docs []*yaml.Node // DocumentNodes, in file order
}

// parseYAMLFile parses every document of data. It returns an ErrInvalid
// *Error naming key for a file that is not UTF-8 or not valid YAML.
func parseYAMLFile(data []byte, key KeyPath) (*yamlFile, error) {
	if !utf8.Valid(data) {
		return nil, invalidf("key %s: the file is not valid UTF-8; deploybot edits UTF-8 files only", key)
	}
	docs, err := decodeYAMLDocs(data)
	if err != nil {
		return nil, invalidf("key %s: the file is not valid YAML: %s", key, yamlErrorText(err))
	}
	return &yamlFile{src: newYAMLSource(data), docs: docs}, nil
}

// decodeYAMLDocs returns the DocumentNodes of data. A panic inside the
// parser becomes an error.
func decodeYAMLDocs(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &n)
	}
}

// yamlErrorText returns a parser error without the "yaml: " prefix.
func yamlErrorText(err error) string {
	msg := err.Error()
	if len(msg) > 6 && msg[:6] == "yaml: " {
		return msg[6:]
	}
	return msg
}

// root returns the top node of document d, or nil for an empty document.
func (f *yamlFile) root(d int) *yaml.Node {
	if len(f.docs[d].Content) == 0 {
		return nil
	}
	return f.docs[d].Content[0]
}
