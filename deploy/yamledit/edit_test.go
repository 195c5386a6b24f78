package yamledit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goldenTestdata holds one directory per golden case: in.yaml is edited
// and must equal want.yaml byte for byte.
const goldenTestdata = "testdata/golden"

// mustKeyPath parses a key path a test spells out.
func mustKeyPath(t testing.TB, s string) KeyPath {
	t.Helper()
	p, err := ParseKeyPath(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// edits builds Changes from key, value pairs.
func edits(t testing.TB, kv ...string) []Change {
	t.Helper()
	var out []Change
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Change{Path: mustKeyPath(t, kv[i]), Value: kv[i+1]})
	}
	return out
}

func TestEditGolden(t *testing.T) {
	tests := []struct {
		dir   string
		edits []string // key, value, key, value...
	}{
		{"comments", []string{"service.chartTag", "api-v9.1.2"}},
		{"helm_nested_indent4", []string{"apiGateway.image.tag", "1.10.0"}},
		{"single_quoted", []string{"service.chartTag", "it's v9.1.2"}},
		{"double_quoted", []string{"service.chartTag", "say \"hi\" \\ tab\t é"}},
		{"kustomize_flow", []string{"images[name=api].newTag", "1.1"}},
		{"kustomize_block", []string{"images[name=api].newTag", "9.2.0"}},
		{"nested_flow", []string{"a.b", "see"}},
		{"deployment_patch", []string{"spec.template.spec.containers[name=web].image", "repo/app:3.1"}},
		{"multi_document", []string{"spec.template.spec.containers[name=web].image", "repo/app:3.1"}},
		{"no_final_newline", []string{"revision", "89abcdef0123456789abcdef0123456789abcdef"}},
		{"crlf", []string{"service.chartTag", "api-v9.1.2"}},
		{"bom", []string{"service.chartTag", "api-v9.1.2"}},
		{"non_ascii", []string{"tag", "ümlaut-1.1", "服务.tag", "v2"}},
		{"several_edits", []string{"images[name=worker].newTag", "1.1.0", "labels.version", "1.1.0", "images[0].newTag", "1.1.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			in := readGolden(t, tt.dir, "in.yaml")
			want := readGolden(t, tt.dir, "want.yaml")
			orig := bytes.Clone(in)
			got, err := Edit(in, edits(t, tt.edits...)...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Edit mismatch (-want +got):\n%s", diff)
			}
			if !bytes.Equal(in, orig) {
				t.Errorf("Edit wrote to its input")
			}
			for i := 0; i+1 < len(tt.edits); i += 2 {
				if v, err := Lookup(got, mustKeyPath(t, tt.edits[i])); err != nil || v != tt.edits[i+1] {
					t.Errorf("Lookup(%s) = %q, %v; want %q", tt.edits[i], v, err, tt.edits[i+1])
				}
			}
		})
	}
}

func readGolden(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(goldenTestdata, dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestEditInline(t *testing.T) {
	tests := []struct {
		name, in, key, value, want string
	}{
		{"OK", "a: b\n", "a", "c", "a: c\n"},
		{"OKUnchangedValue", "a: \"\\x62\"\n", "a", "b", "a: \"\\x62\"\n"},
		{"OKRootList", "- x: 1\n- x: 2\n", "[1].x", "3", "- x: 1\n- x: 3\n"},
		{"OKNestedIndex", "m: [[a, b], [c]]\n", "m[0][1]", "z", "m: [[a, z], [c]]\n"},
		{"OKTaggedScalar", "tag: !!str 1.0 # str\n", "tag", "1.10", "tag: !!str 1.10 # str\n"},
		{"OKNullToValue", "tag: ~\n", "tag", "v1", "tag: v1\n"},
		{"OKNumberStaysNumber", "replicas: 2\n", "replicas", "3", "replicas: 3\n"},
		{"OKTabsAroundValue", "a:\t'x'\t# c\n", "a", "y", "a:\t'y'\t# c\n"},
		{"OKMultilineQuoted", "a: \"x\n  y\"\nb: c\n", "a", "z", "a: \"z\"\nb: c\n"},
		{"OKUnicodeLineBreaks", "a: b\u2028c: d\u0085e: f\rg: h\n", "e", "i", "a: b\u2028c: d\u0085e: i\rg: h\n"},
		{"OKFlowSeqMultiline", "images: [\n  {name: api, newTag: v1},  # api\n  {name: web, newTag: v2},\n]\n",
			"images[name=web].newTag", "v3", "images: [\n  {name: api, newTag: v1},  # api\n  {name: web, newTag: v3},\n]\n"},
		{"OKAnchorUnused", "base: &b {tag: v1}\n", "base.tag", "v2", "base: &b {tag: v2}\n"},
		{"OKDoubleQuotedControl", "a: \"x\"\n", "a", "\x01\u0085\u2028\ufeff", "a: \"\\x01\\N\\L\\uFEFF\"\n"},
		{"OKPlainWithColonInside", "image: repo/app:3.0\n", "image", "repo/app:3.1", "image: repo/app:3.1\n"},
		{"OKEmptyDoubleQuoted", "a: \"\"\n", "a", "v1", "a: \"v1\"\n"},
		{"OKAstralBeforeValue", "{🚀: x, tag: v1} # 🚀\n", "tag", "v2", "{🚀: x, tag: v2} # 🚀\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Edit([]byte(tt.in), edits(t, tt.key, tt.value)...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Edit mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditNoEdits(t *testing.T) {
	in := []byte("a: b\n")
	got, err := Edit(in)
	if err != nil || string(got) != "a: b\n" {
		t.Fatalf("Edit() = %q, %v", got, err)
	}
	got[0] = 'x'
	if in[0] != 'a' {
		t.Errorf("the result shares memory with the input")
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, in, key, want string
	}{
		{"OKPlain", "image: {tag: v1}\n", "image.tag", "v1"},
		{"OKQuoted", "tag: 'it''s'\n", "tag", "it's"},
		{"OKThroughAlias", "base: &b {tag: v1}\nx: *b\n", "x.tag", "v1"},
		{"OKThroughMerge", "base: &b {tag: v1}\nx:\n  <<: *b\n", "x.tag", "v1"},
		{"OKBlockScalar", "tag: |\n  v1\n", "tag", "v1\n"},
		{"OKSecondDocument", "a: 1\n---\nb: 2\n", "b", "2"},
		{"OKSelectorWithDots", "images: [{name: ghcr.io/acme/api, newTag: v1}]\n", "images[name=ghcr.io/acme/api].newTag", "v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Lookup([]byte(tt.in), mustKeyPath(t, tt.key))
			if err != nil || got != tt.want {
				t.Errorf("Lookup = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
