package yamledit

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseKeyPath(t *testing.T) {
	key := func(k string) KeySegment { return KeySegment{Key: k, Index: -1} }
	tests := []struct {
		name string
		in   string
		want KeyPath
	}{
		{"OKOneKey", "revision", KeyPath{key("revision")}},
		{"OKDotted", "service.chartTag", KeyPath{key("service"), key("chartTag")}},
		{"OKIndex", "a.b[0].c", KeyPath{key("a"), {Key: "b", Index: 0}, key("c")}},
		{"OKSelector", "images[name=api].newTag", KeyPath{{Key: "images", Index: -1, SelField: "name", SelValue: "api"}, key("newTag")}},
		{"OKDeep", "spec.template.spec.containers[name=web].image", KeyPath{key("spec"), key("template"), key("spec"),
			{Key: "containers", Index: -1, SelField: "name", SelValue: "web"}, key("image")}},
		{"OKSelectorValueWithDots", "images[name=ghcr.io/acme/api:x].newTag", KeyPath{
			{Key: "images", Index: -1, SelField: "name", SelValue: "ghcr.io/acme/api:x"}, key("newTag")}},
		{"OKNestedIndex", "a[1][2].b", KeyPath{{Key: "a", Index: 1}, {Index: 2}, key("b")}},
		{"OKRootIndex", "[0].image", KeyPath{{Index: 0}, key("image")}},
		{"OKRootSelector", "[name=api]", KeyPath{{Index: -1, SelField: "name", SelValue: "api"}}},
		{"OKKeyChars", "apiGateway.image-tag_2.app/version:x", KeyPath{key("apiGateway"), key("image-tag_2"), key("app/version:x")}},
		{"OKNumericKey", "ports.8080.name", KeyPath{key("ports"), key("8080"), key("name")}},
		{"OKSelectorFieldDigits", "a[1x=y]", KeyPath{{Key: "a", Index: -1, SelField: "1x", SelValue: "y"}}},
		{"OKUnicode", "métadonnées.étiquette", KeyPath{key("métadonnées"), key("étiquette")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyPath(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String() = %q, want %q", s, tt.in)
			}
		})
	}
}

func TestParseKeyPathRejects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ErrEmpty", "", "the key path is empty"},
		{"ErrLeadingDot", ".a", "not valid at character 1: expected a map key"},
		{"ErrTrailingDot", "a.", "not valid at the end: expected a map key"},
		{"ErrDoubleDot", "a..b", "not valid at character 3: expected a map key"},
		{"ErrDotBeforeBracket", "a.[0]", "not valid at character 3: expected a map key"},
		{"ErrSpace", "a b", `not valid at character 2: unexpected ' '`},
		{"ErrUnclosed", "a[0", "not valid at the end: expected ]"},
		{"ErrEmptyBrackets", "a[]", "not valid at character 3: expected a list index like [0] or a selector like [name=web]"},
		{"ErrLeadingZero", "a[01]", "the index 01 has a leading zero"},
		{"ErrNegative", "a[-1]", "a list index cannot be negative"},
		{"ErrHugeIndex", "a[99999999999999999999]", "the index 99999999999999999999 is too large"},
		{"ErrSelectorNoEquals", "a[name]", `expected = after the selector field "name"`},
		{"ErrSelectorNoValue", "a[name=]", "expected the value to select after name=, like [name=web]"},
		{"ErrSelectorNoField", "a[=web]", "expected a list index like [0]"},
		{"ErrSelectorTwoEquals", "a[x=y=z]", "expected ]"},
		{"ErrSelectorSpace", "a[name=my app]", "expected ]"},
		{"ErrJunkAfterBracket", "a[0]b", `unexpected 'b'`},
		{"ErrCloseBracket", "a]", `unexpected ']'`},
		{"ErrQuote", `a."b"`, "expected a map key"},
		{"ErrTemplate", "images[name={service}].newTag", "expected the value to select after name="},
		{"ErrInvalidUTF8", "a\xff", "is not valid UTF-8"},
		{"ErrControl", "a\tb", `unexpected '\t'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyPath(tt.in)
			if err == nil {
				t.Fatalf("ParseKeyPath(%q) = %v, want an error", tt.in, got)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q (ErrInvalid: %t), want it to contain %q", err, errors.Is(err, ErrInvalid), tt.want)
			}
		})
	}
}

func FuzzParseKeyPath(f *testing.F) {
	for _, s := range []string{
		"revision", "service.chartTag", "a.b[0].c", "images[name=api].newTag",
		"spec.template.spec.containers[name=web].image", "a[1][2]", "[0].x", "a..b", "a[", "a[01]", "a[x=ghcr.io/y]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseKeyPath(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v for %q is not ErrInvalid", err, s)
			}
			return
		}
		if len(p) == 0 {
			t.Fatalf("ParseKeyPath(%q) returned an empty path", s)
		}
		again, err := ParseKeyPath(p.String())
		if err != nil {
			t.Fatalf("String() of %q = %q does not parse: %v", s, p.String(), err)
		}
		if diff := cmp.Diff(p, again); diff != "" {
			t.Fatalf("re-parse of %q differs (-first +second):\n%s", s, diff)
		}
		if p.String() != s {
			t.Fatalf("String() = %q, want the input %q", p.String(), s)
		}
	})
}

func TestKeyPathPlain(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"revision", true},
		{"image.tag", true},
		{"images[0].newTag", false},
		{"images[name=api].newTag", false},
		{"[0].tag", false},
		{"a[0][1]", false},
	}
	for _, tt := range tests {
		if got := mustKeyPath(t, tt.path).Plain(); got != tt.want {
			t.Errorf("%s: Plain() = %t, want %t", tt.path, got, tt.want)
		}
	}
	if (KeyPath{}).Plain() {
		t.Error("an empty KeyPath is Plain; want not")
	}
}
