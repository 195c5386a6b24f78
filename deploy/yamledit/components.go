package yamledit

import (
	"strings"
)

// The components layout: one file shared by several services (deploybot's
// environment-wide promotions file) holds a default value at key and
// per-service overrides at components.<service>.<key>. A service runs its
// override if present, else the default; RenderComponentFile writes that
// value into a small per-service file.

// ReadComponent returns the value service runs according to an
// environment-wide promotions file: its override at components.<service>.<key>
// if present, else the default at key; overridden reports which.
// Errors are ErrInvalid *Errors naming the key.
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
// key, at the end of the document. Errors are ErrInvalid *Errors naming
// the key, as for Edit; a result that does not verify is refused with
// an ErrUnverified *Error.
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
		return Edit(data, Change{Path: over, Value: value})
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
// map left empty becomes `components: {}`. Errors are as for Edit.
func SetComponentDefault(data []byte, key KeyPath, value string) ([]byte, error) {
	if err := checkComponentKey(key); err != nil {
		return nil, err
	}
	f, err := parseYAMLFile(data, key)
	if err != nil {
		return nil, err
	}
	plan := &yamlPlan{expect: newYAMLExpect(false)}
	if err := f.planEdits(plan, []Change{{Path: key, Value: value}}); err != nil {
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
// ErrInvalid *Errors naming the key, as for Edit.
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
		return Edit(existing, Change{Path: key, Value: value})
	case !missing:
		return nil, err
	case len(f.docs) > 1:
		return nil, invalidf("key %s: no document of the %d in the file has it; add it by hand", key, len(f.docs))
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
	if got, err := Lookup(out, key); err != nil || got != value {
		return nil, unverifiedf("key %s: the new file does not read back as %q, so it was not written", key, clip(value))
	}
	return out, nil
}

// overridePath returns components.<service>.<key>. It returns an
// ErrInvalid *Error when key is not a plain dotted path or service cannot
// be a map key.
func overridePath(key KeyPath, service string) (KeyPath, error) {
	if err := checkComponentKey(key); err != nil {
		return nil, err
	}
	if service == "" || strings.IndexFunc(service, func(r rune) bool { return !isKeyRune(r) }) >= 0 {
		return nil, invalidf("%q is not a service name that can be a key under components", service)
	}
	over := KeyPath{{Key: "components", Index: -1}, {Key: service, Index: -1}}
	return append(over, key...), nil
}

// checkComponentKey returns an ErrInvalid *Error unless key is a plain
// dotted path of map keys, as environment-wide promotions files need.
func checkComponentKey(key KeyPath) error {
	if len(key) == 0 {
		return invalidf("the key path is empty; write one like revision")
	}
	if !key.Plain() {
		return invalidf("key %s: an environment-wide promotions file needs a plain dotted key like revision or image.tag, without [..]", key)
	}
	return nil
}
