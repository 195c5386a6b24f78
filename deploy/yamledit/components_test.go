package yamledit

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	shaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	shaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	shaC = "cccccccccccccccccccccccccccccccccccccccc"
)

// componentCase runs one components operation on in and compares the
// whole output with want, or the error message with msg.
type componentCase struct {
	name, in, want, msg string
	run                 func(data []byte) ([]byte, error)
}

func runComponentCases(t *testing.T, tests []componentCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got, err := tt.run(in)
			if !bytes.Equal(in, []byte(tt.in)) {
				t.Errorf("the input was written to")
			}
			if tt.msg != "" {
				if err == nil || err.Error() != tt.msg || !errors.Is(err, ErrInvalid) {
					t.Fatalf("got %q, %v (ErrInvalid: %t); want the invalid error %q", got, err, errors.Is(err, ErrInvalid), tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// setOverride returns a run func that sets service's revision override.
func setOverride(t *testing.T, service, value string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		return SetComponentOverride(data, mustKeyPath(t, "revision"), service, value)
	}
}

// setDefault returns a run func that sets the default revision.
func setDefault(t *testing.T, value string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		return SetComponentDefault(data, mustKeyPath(t, "revision"), value)
	}
}

func TestSetComponentOverrideInserts(t *testing.T) {
	runComponentCases(t, []componentCase{
		{name: "OKAbsent", run: setOverride(t, "api", shaB),
			in:   "# production\nrevision: " + shaA + " # default\n",
			want: "# production\nrevision: " + shaA + " # default\ncomponents:\n  api:\n    revision: " + shaB + "\n"},
		{name: "OKAbsentAfterTrailingComment", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\n\n# end of file\n",
			want: "revision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB + "\n\n# end of file\n"},
		{name: "OKAbsentNoFinalNewline", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA,
			want: "revision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB},
		{name: "OKAbsentCRLF", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\r\n",
			want: "revision: " + shaA + "\r\ncomponents:\r\n  api:\r\n    revision: " + shaB + "\r\n"},
		{name: "OKAbsentQuotedDefault", run: setOverride(t, "api", shaB),
			in:   "revision: \"" + shaA + "\"\n",
			want: "revision: \"" + shaA + "\"\ncomponents:\n  api:\n    revision: \"" + shaB + "\"\n"},
		{name: "OKBlock", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  web:\n    revision: " + shaC + " # hotfix\n\n# notes\nother: x\n",
			want: "revision: " + shaA + "\ncomponents:\n  web:\n    revision: " + shaC + " # hotfix\n  api:\n    revision: " + shaB + "\n\n# notes\nother: x\n"},
		{name: "OKBlockIndent4", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents:\n    web:\n        revision: " + shaC + "\n",
			want: "revision: " + shaA + "\ncomponents:\n    web:\n        revision: " + shaC + "\n    api:\n        revision: " + shaB + "\n"},
		{name: "OKBlockFlowEntries", run: setOverride(t, "api", shaB),
			in:   "components:\n  web: {revision: " + shaC + "}\nrevision: " + shaA + "\n",
			want: "components:\n  web: {revision: " + shaC + "}\n  api:\n    revision: " + shaB + "\nrevision: " + shaA + "\n"},
		{name: "OKFlow", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: {web: {revision: " + shaC + "}}  # overrides\n",
			want: "revision: " + shaA + "\ncomponents: {web: {revision: " + shaC + "}, api: {revision: " + shaB + "}}  # overrides\n"},
		{name: "OKFlowAfterNull", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: {web: }\n",
			want: "revision: " + shaA + "\ncomponents: {web: , api: {revision: " + shaB + "} }\n"},
		{name: "OKFlowTrailingComma", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: {\n  web: {revision: " + shaC + "},\n}\n",
			want: "revision: " + shaA + "\ncomponents: {\n  web: {revision: " + shaC + "}, api: {revision: " + shaB + "},\n}\n"},
		{name: "OKEmptyFlow", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: {}  # none yet\n",
			want: "revision: " + shaA + "\ncomponents:  # none yet\n  api:\n    revision: " + shaB + "\n"},
		{name: "OKNull", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents:\n",
			want: "revision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB + "\n"},
		{name: "OKTildeNoFinalNewline", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: ~",
			want: "revision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB},
		{name: "OKServiceWithoutKey", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  api:\n    replicas: 2\n",
			want: "revision: " + shaA + "\ncomponents:\n  api:\n    replicas: 2\n    revision: " + shaB + "\n"},
		{name: "OKServiceEmptyInFlow", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents: {api: {}}\n",
			want: "revision: " + shaA + "\ncomponents: {api: {revision: " + shaB + "}}\n"},
		{name: "OKExistingEdited", run: setOverride(t, "api", shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  api: {revision: '" + shaC + "'} # pinned\n",
			want: "revision: " + shaA + "\ncomponents:\n  api: {revision: '" + shaB + "'} # pinned\n"},
		{name: "OKMultiDocument", run: setOverride(t, "api", shaB),
			in:   "kind: Header\n---\nrevision: " + shaA + "\n# last comment\n...\n---\nkind: Footer\n",
			want: "kind: Header\n---\nrevision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB + "\n# last comment\n...\n---\nkind: Footer\n"},
		{name: "OKFlowRoot", run: setOverride(t, "api", shaB),
			in:   "{revision: " + shaA + "}\n",
			want: "{revision: " + shaA + ", components: {api: {revision: " + shaB + "}}}\n"},
		{name: "OKQuotedServiceName", run: setOverride(t, "on", shaB),
			in:   "revision: " + shaA + "\n",
			want: "revision: " + shaA + "\ncomponents:\n  \"on\":\n    revision: " + shaB + "\n"},
		{name: "ErrNoDefault", run: setOverride(t, "api", shaB),
			in:  "components: {}\n",
			msg: `key revision: the document has no key "revision" (its keys: components)`},
		{name: "ErrComponentsList", run: setOverride(t, "api", shaB),
			in:  "revision: x\ncomponents: [api]\n",
			msg: `key components.api.revision: components is a list, not a map, so it has no key "api"; pick an item with [N] or [name=value]`},
		{name: "ErrSelectorKey", run: func(data []byte) ([]byte, error) {
			return SetComponentOverride(data, mustKeyPath(t, "images[0].tag"), "api", "v1")
		}, in: "revision: x\n", msg: `key images[0].tag: an environment-wide promotions file needs a plain dotted key like revision or image.tag, without [..]`},
	})
}

func TestSetComponentDefault(t *testing.T) {
	runComponentCases(t, []componentCase{
		{name: "OKNoComponents", run: setDefault(t, shaB),
			in:   "revision: " + shaA + " # default\n",
			want: "revision: " + shaB + " # default\n"},
		{name: "OKKeepsOtherOverrides", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  # api waits for a fix\n  api:\n    revision: " + shaC + "\n  web:\n    revision: " + shaB + "\n\n# end\n",
			want: "revision: " + shaB + "\ncomponents:\n  # api waits for a fix\n  api:\n    revision: " + shaC + "\n\n# end\n"},
		{name: "OKRemovesOnlyTheKey", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  web:\n    revision: " + shaB + "\n    replicas: 2\n",
			want: "revision: " + shaB + "\ncomponents:\n  web:\n    replicas: 2\n"},
		{name: "OKEmptiesBlock", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents:  # overrides\n  api:\n    revision: " + shaB + "\n  web: {revision: " + shaB + "}\nnext: 1\n",
			want: "revision: " + shaB + "\ncomponents: {}  # overrides\nnext: 1\n"},
		{name: "OKEmptiesBlockNoFinalNewline", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents:\n  api:\n    revision: " + shaB,
			want: "revision: " + shaB + "\ncomponents: {}"},
		{name: "OKEmptiesBlockCRLF", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\r\ncomponents:\r\n  api:\r\n    revision: " + shaB + "\r\n",
			want: "revision: " + shaB + "\r\ncomponents: {}\r\n"},
		{name: "OKFlowFirst", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents: {api: {revision: " + shaB + "}, web: {revision: " + shaC + "}}\n",
			want: "revision: " + shaB + "\ncomponents: {web: {revision: " + shaC + "}}\n"},
		{name: "OKFlowLast", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents: {web: {revision: " + shaC + "}, api: {revision: " + shaB + "}}\n",
			want: "revision: " + shaB + "\ncomponents: {web: {revision: " + shaC + "}}\n"},
		{name: "OKFlowSeveral", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents: {a: {revision: " + shaB + "}, b: {revision: " + shaC + "}, c: {revision: " + shaB + "}, d: {revision: " + shaB + "}}\n",
			want: "revision: " + shaB + "\ncomponents: {b: {revision: " + shaC + "}}\n"},
		{name: "OKFlowAll", run: setDefault(t, shaB),
			in:   "revision: " + shaA + "\ncomponents: {api: {revision: " + shaB + "}, web: {revision: " + shaB + "}}\n",
			want: "revision: " + shaB + "\ncomponents: {}\n"},
		{name: "ErrSharedOverride", run: setDefault(t, shaB),
			in:  "revision: " + shaA + "\npin: &p {revision: " + shaB + "}\ncomponents:\n  api: *p\n",
			msg: `key components.api.revision: equals the new default, but it is shared through an anchor, alias or merge key (<<); remove it by hand`},
	})
}

func TestReadComponent(t *testing.T) {
	data := []byte("revision: " + shaA + "\ncomponents:\n  api: {revision: " + shaB + "}\n  web: {replicas: 2}\n")
	tests := []struct {
		service, want string
		overridden    bool
	}{
		{"api", shaB, true},
		{"web", shaA, false},
		{"worker", shaA, false},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			got, over, err := ReadComponent(data, mustKeyPath(t, "revision"), tt.service)
			if err != nil || got != tt.want || over != tt.overridden {
				t.Errorf("ReadComponent = %q, %v, %v; want %q, %v", got, over, err, tt.want, tt.overridden)
			}
		})
	}
	t.Run("ErrOverrideIsMap", func(t *testing.T) {
		_, _, err := ReadComponent([]byte("revision: x\ncomponents: {api: {revision: {a: b}}}\n"), mustKeyPath(t, "revision"), "api")
		want := `key components.api.revision: is a map (its keys: a), not a single value; name the key inside it that holds the version`
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
}

func TestRenderComponentFile(t *testing.T) {
	runComponentCases(t, []componentCase{
		{name: "OKNew", in: "", want: "revision: " + shaB + "\n",
			run: func([]byte) ([]byte, error) { return RenderComponentFile(nil, mustKeyPath(t, "revision"), shaB) }},
		{name: "OKNewNested", in: "", want: "image:\n  tag: \"1.10\"\n",
			run: func([]byte) ([]byte, error) { return RenderComponentFile(nil, mustKeyPath(t, "image.tag"), "1.10") }},
		{name: "OKEdit", in: "# generated from promotions/production.yaml\nrevision: '" + shaA + "'\n",
			want: "# generated from promotions/production.yaml\nrevision: '" + shaB + "'\n",
			run:  func(d []byte) ([]byte, error) { return RenderComponentFile(d, mustKeyPath(t, "revision"), shaB) }},
		{name: "OKCommentsOnly", in: "# generated", want: "# generated\nrevision: " + shaB,
			run: func(d []byte) ([]byte, error) { return RenderComponentFile(d, mustKeyPath(t, "revision"), shaB) }},
		{name: "OKMissingKey", in: "kind: Promotion\n", want: "kind: Promotion\nrevision: " + shaB + "\n",
			run: func(d []byte) ([]byte, error) { return RenderComponentFile(d, mustKeyPath(t, "revision"), shaB) }},
	})
}
