package yamledit

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzSetComponent sets an override (or, when asDefault, the default) in
// an arbitrary environment-wide promotions file. It checks that nothing
// panics or writes to the input, and that a success reads back as asked:
// the service's override, or the default, is value. A refusal must be
// ErrInvalid: ErrUnverified would mean the self-check caught a layout
// mistake.
func FuzzSetComponent(f *testing.F) {
	f.Add([]byte("revision: a\ncomponents:\n  web:\n    revision: b\n"), "api", "c", false)
	f.Add([]byte("revision: a\ncomponents: {web: {revision: b}, api: {revision: c}}\n"), "api", "b", true)
	f.Add([]byte("revision: a\ncomponents: {}\n"), "api", "b", false)
	f.Add([]byte("revision: a"), "api", "b", false)
	key := KeyPath{{Key: "revision", Index: -1}}
	f.Fuzz(func(t *testing.T, data []byte, service, value string, asDefault bool) {
		orig := bytes.Clone(data)
		var out []byte
		var err error
		if asDefault {
			out, err = SetComponentDefault(data, key, value)
		} else {
			out, err = SetComponentOverride(data, key, service, value)
		}
		if !bytes.Equal(data, orig) {
			t.Fatalf("the input was written to")
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("refusal that is not ErrInvalid: %v", err)
			}
			return
		}
		if _, err := decodeYAMLDocs(out); err != nil {
			t.Fatalf("the output does not parse: %v\n%q", err, out)
		}
		if asDefault {
			if got, err := Lookup(out, key); err != nil || got != value {
				t.Fatalf("Lookup = %q, %v; want %q:\n%q\n->\n%q", got, err, value, orig, out)
			}
			return
		}
		got, over, err := ReadComponent(out, key, service)
		if err != nil || got != value || !over {
			t.Fatalf("ReadComponent = %q, %v, %v; want %q, true:\n%q\n->\n%q", got, over, err, value, orig, out)
		}
	})
}
