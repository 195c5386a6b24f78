package deploy

import (
	"strings"
)

// An environment-wide promotions file (a FileTarget with Components set)
// holds a default value at Key and per-service overrides at
// components.<service>.<Key>; the per-service files named by the
// Components template are generated from it: the override if present, else
// the default.

// ReadComponent returns the value service runs according to an
// environment-wide promotions file: its override at components.<service>.<key>
// if present, else the default at key; overridden reports which.
// Errors are CodeInvalid *Errors naming the key.
func ReadComponent(data []byte, key KeyPath, service string) (value string, overridden bool, err error) {
	over, err := overridePath(key, service)
	if err != nil {
		return "", false, err
	}
	f, err := parseYAMLFile(data, key)
	if err != nil {
		return "", false, err
	}
	h, missing, err := f.findScalar(over)
	switch {
	case err == nil:
		return h.node.Value, true, nil
	case !missing:
		return "", false, err
	}
	h, _, err = f.findScalar(key)
	if err != nil {
		return "", false, err
	}
	return h.node.Value, false, nil
}

// SetComponentOverride returns data with components.<service>.<key> set to
// value, creating the override (and the components map) when missing, in
// the file's own indentation and style. Other bytes are unchanged.
// The default at key must exist. A new entry goes after the last one of a
// block components map, indented like its entries; at the end of a flow
// map as `, <service>: {<key>: <value>}`; below an empty `components:`,
// `~` or `{}` indented two spaces more; and when there is no components
// key, at the end of the document. Errors are CodeInvalid *Errors naming
// the key, as for EditYAML; a result that does not verify is refused with
// a CodeInternal *Error.
func SetComponentOverride(data []byte, key KeyPath, service, value string) ([]byte, error) {
	over, err := overridePath(key, service)
	if err != nil {
		return nil, err
	}
	f, err := parseYAMLFile(data, over)
	if err != nil {
		return nil, err
	}
	def, _, err := f.findScalar(key)
	if err != nil {
		return nil, err
	}
	_, missing, err := f.find(over)
	switch {
	case err == nil:
		return EditYAML(data, YAMLEdit{Path: over, Value: value})
	case !missing:
		return nil, err
	}
	plan := &yamlPlan{expect: newYAMLExpect(false)}
	if err := f.planInsert(plan, def.doc, over, value, def.node); err != nil {
		return nil, err
	}
	return f.apply(plan, over)
}

// SetComponentDefault returns data with the default at key set to value and
// every override under components that equals value removed (an emptied
// service entry is removed too). Other bytes are unchanged.
// A removed block entry takes its lines with it, but not the comments
// above or below it; a removed flow entry takes its comma. A components
// map left empty becomes `components: {}`. Errors are as for EditYAML.
func SetComponentDefault(data []byte, key KeyPath, value string) ([]byte, error) {
	if err := checkComponentKey(key); err != nil {
		return nil, err
	}
	f, err := parseYAMLFile(data, key)
	if err != nil {
		return nil, err
	}
	plan := &yamlPlan{expect: newYAMLExpect(false)}
	if err := f.planEdits(plan, []YAMLEdit{{Path: key, Value: value}}); err != nil {
		return nil, err
	}
	def, _, _ := f.findScalar(key)
	if err := f.planClearOverrides(plan, def.doc, key, value); err != nil {
		return nil, err
	}
	return f.apply(plan, key)
}

// RenderComponentFile returns the per-service file for value: existing
// edited in place at key when it exists (nil when the file is missing), else
// a new file holding just the key, e.g. "revision: <value>\n".
// An existing file without the key gets it added at the end. Errors are
// CodeInvalid *Errors naming the key, as for EditYAML.
func RenderComponentFile(existing []byte, key KeyPath, value string) ([]byte, error) {
	if err := checkComponentKey(key); err != nil {
		return nil, err
	}
	if existing == nil {
		return appendComponentFile(nil, key, value)
	}
	f, err := parseYAMLFile(existing, key)
	if err != nil {
		return nil, err
	}
	if len(f.docs) == 0 {
		return appendComponentFile(f.src, key, value)
	}
	_, missing, err := f.find(key)
	switch {
	case err == nil:
		return EditYAML(existing, YAMLEdit{Path: key, Value: value})
	case !missing:
		return nil, err
	case len(f.docs) > 1:
		return nil, Errorf(CodeInvalid, "key %s: no document of the %d in the file has it; add it by hand", key, len(f.docs))
	}
	plan := &yamlPlan{expect: newYAMLExpect(false)}
	if err := f.planInsert(plan, 0, key, value, nil); err != nil {
		return nil, err
	}
	return f.apply(plan, key)
}

// appendComponentFile returns the file src (nil for none; it holds no
// YAML document) followed by key: value, checked by reading it back.
func appendComponentFile(src *yamlSource, key KeyPath, value string) ([]byte, error) {
	if err := checkNewEntry(key, value); err != nil {
		return nil, err
	}
	eol := "\n"
	var out []byte
	if src != nil {
		eol, out = src.eol(), append(out, src.data...)
	}
	ins := &yamlInsert{keys: pathKeys(key), value: value}
	text := ins.blockLines(0, 2, eol)
	if src != nil && len(src.data) > 0 && !src.endsWithBreak() {
		text = eol + strings.TrimSuffix(text, eol)
	}
	out = append(out, text...)
	if got, err := ReadYAMLScalar(out, key); err != nil || got != value {
		return nil, Errorf(CodeInternal, "key %s: the new file does not read back as %q, so it was not written", key, clip(value))
	}
	return out, nil
}

// overridePath returns components.<service>.<key>. It returns a
// CodeInvalid *Error when key is not a plain dotted path or service cannot
// be a map key.
func overridePath(key KeyPath, service string) (KeyPath, error) {
	if err := checkComponentKey(key); err != nil {
		return nil, err
	}
	if service == "" || strings.IndexFunc(service, func(r rune) bool { return !isKeyRune(r) }) >= 0 {
		return nil, Errorf(CodeInvalid, "%q is not a service name that can be a key under components", service)
	}
	over := KeyPath{{Key: "components", Index: -1}, {Key: service, Index: -1}}
	return append(over, key...), nil
}

// checkComponentKey returns a CodeInvalid *Error unless key is a plain
// dotted path of map keys, as environment-wide promotions files need.
func checkComponentKey(key KeyPath) error {
	if len(key) == 0 {
		return Errorf(CodeInvalid, "the key path is empty; write one like revision")
	}
	for _, seg := range key {
		if seg.Key == "" || seg.Index >= 0 || seg.SelField != "" {
			return Errorf(CodeInvalid, "key %s: an environment-wide promotions file needs a plain dotted key like revision or image.tag, without [..]", key)
		}
	}
	return nil
}
