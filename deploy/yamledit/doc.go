// Package yamledit reads and rewrites single scalar values in YAML files
// byte for byte: an edit changes the bytes of the values it names and
// nothing else. Comments, blank lines, key order, quoting style,
// indentation, flow style, other documents, a byte order mark, CRLF line
// endings and a missing final newline all survive, so the diff of a
// GitOps pull request shows exactly the version that moved.
//
// A value is named by a KeyPath, parsed by ParseKeyPath from text like
// images[name=api].newTag or spec.template.spec.containers[name=web].image:
// dotted map keys, [N] for a list item and [field=value] for the list item
// whose field has that value. Lookup reads the scalar a path names and Edit
// replaces one or more scalars. The components functions (ReadComponent,
// SetComponentOverride, SetComponentDefault, RenderComponentFile) work on
// a file holding a default at a key and per-service overrides at
// components.<service>.<key>, inserting and removing entries in the
// file's own style.
//
// The editor refuses rather than guesses. A key that is missing, names a
// map or list, is reached through an alias or a merge key, or matches in
// several documents is refused, as are block scalars, anchored values and
// values that the scalar's quoting style cannot hold (a plain scalar stays
// plain). Every result is parsed again and compared with the original: an
// edit that changed anything but the intended values is refused. Errors
// are *Error values whose message names the key and says how to fix the
// file; errors.Is tells ErrInvalid (the input's fault) from ErrUnverified
// (the editor's). The input slice is never modified.
//
// The package imports only the standard library and gopkg.in/yaml.v3, and
// nothing else of deploybot; a test enforces this. Fuzz targets: FuzzEdit,
// FuzzSetComponent and FuzzParseKeyPath.
package yamledit
