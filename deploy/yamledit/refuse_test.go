package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refuseCase is an edit Edit must refuse with exactly this message.
type refuseCase struct {
	name, in, key, value string
	kind                 error // ErrInvalid unless set
	msg                  string
}

func runRefuseCases(t *testing.T, tests []refuseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got, err := Edit(in, edits(t, tt.key, tt.value)...)
			if err == nil {
				t.Fatalf("Edit = %q, want an error", got)
			}
			want := tt.kind
			if want == nil {
				want = ErrInvalid
			}
			if !errors.Is(err, want) {
				t.Errorf("error %q is not %v", err, want)
			}
			if diff := cmp.Diff(tt.msg, err.Error()); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
			if got != nil || !bytes.Equal(in, []byte(tt.in)) {
				t.Errorf("got %q and input %q; want nil and the input untouched", got, in)
			}
		})
	}
}

func TestEditRefusesPaths(t *testing.T) {
	runRefuseCases(t, []refuseCase{
		{name: "ErrMissingKey", in: "service:\n  name: api\n  replicas: 2\n", key: "service.chartTag", value: "v1",
			msg: `key service.chartTag: service has no key "chartTag" (its keys: name, replicas)`},
		{name: "ErrMissingTopKey", in: "image: {tag: v1}\n", key: "apiGateway.image.tag", value: "v1",
			msg: `key apiGateway.image.tag: the document has no key "apiGateway" (its keys: image)`},
		{name: "ErrMissingInEmptyMap", in: "image: {}\n", key: "image.tag", value: "v1",
			msg: `key image.tag: image has no key "tag" (it is empty)`},
		{name: "ErrThroughNull", in: "image:\n", key: "image.tag", value: "v1",
			msg: `key image.tag: image is empty, so it has no key "tag"`},
		{name: "ErrThroughScalar", in: "image: repo/app:1.0\n", key: "image.tag", value: "v1",
			msg: `key image.tag: image is a single value ("repo/app:1.0"), not a map, so it has no key "tag"`},
		{name: "ErrKeyOnList", in: "images: [a, b]\n", key: "images.name", value: "v1",
			msg: `key images.name: images is a list, not a map, so it has no key "name"; pick an item with [N] or [name=value]`},
		{name: "ErrTargetMap", in: "image:\n  repository: acme/api\n  tag: v1\n", key: "image", value: "v1",
			msg: `key image: is a map (its keys: repository, tag), not a single value; name the key inside it that holds the version`},
		{name: "ErrTargetList", in: "images: [a, b]\n", key: "images", value: "v1",
			msg: `key images: is a list of 2 items, not a single value; pick one with [N] or [name=value]`},
		{name: "ErrSelectorNone", in: "images:\n  - {name: web, newTag: v1}\n  - {name: worker, newTag: v1}\n", key: "images[name=api].newTag", value: "v2",
			msg: `key images[name=api].newTag: no list item has name "api" (names: web, worker)`},
		{name: "ErrSelectorNoField", in: "images: [{newTag: v1}]\n", key: "images[name=api].newTag", value: "v2",
			msg: `key images[name=api].newTag: no list item has name "api" (no item has a name)`},
		{name: "ErrSelectorSeveral", in: "images:\n  - {name: api, newTag: v1}\n  - {name: web}\n  - {name: api, newTag: v1}\n", key: "images[name=api].newTag", value: "v2",
			msg: `key images[name=api].newTag: 2 list items have name "api" (items 0 and 2); deploybot needs exactly one`},
		{name: "ErrSelectorOnMap", in: "images: {api: v1}\n", key: "images[name=api].newTag", value: "v2",
			msg: `key images[name=api].newTag: images is a map, not a list, so [name=api] does not apply`},
		{name: "ErrIndexOutOfRange", in: "images: [a, b]\n", key: "images[2]", value: "v2",
			msg: `key images[2]: images has 2 items, so there is no item [2] (items count from 0)`},
		{name: "ErrIndexOnScalar", in: "images: a\n", key: "images[0]", value: "v2",
			msg: `key images[0]: images is a single value ("a"), not a list, so [0] does not apply`},
		{name: "ErrDuplicateKey", in: "tag: v1\ntag: v2\n", key: "tag", value: "v3",
			msg: `key tag: the document has the key "tag" twice (lines 1 and 2); remove one`},
		{name: "ErrEmptyFile", in: "# nothing\n", key: "tag", value: "v1",
			msg: `key tag: the file is empty`},
		{name: "ErrEmptyDocument", in: "---\n", key: "tag", value: "v1",
			msg: `key tag: the document is empty`},
		{name: "ErrInvalidYAML", in: "a: [b\n", key: "a", value: "v1",
			msg: `key a: the file is not valid YAML: line 1: did not find expected ',' or ']'`},
		{name: "ErrNotUTF8", in: "a: \xff\n", key: "a", value: "v1",
			msg: `key a: the file is not valid UTF-8; deploybot edits UTF-8 files only`},
	})
}

func TestEditRefusesDocuments(t *testing.T) {
	runRefuseCases(t, []refuseCase{
		{name: "ErrInSeveralDocuments", in: "image: {tag: v1}\n---\nimage: {tag: v1}\n---\nkind: Service\n", key: "image.tag", value: "v2",
			msg: `key image.tag: is in 2 of the 3 documents in the file; deploybot edits a key only when exactly one document has it`},
		{name: "ErrInNoDocument", in: "a: 1\n---\nimage: {name: x}\n", key: "image.tag", value: "v2",
			msg: `key image.tag: image has no key "tag" (its keys: name) (no document of the 2 in the file has it)`},
	})
}

func TestEditRefusesShared(t *testing.T) {
	runRefuseCases(t, []refuseCase{
		{name: "ErrAlias", in: "base: &v v1\ntag: *v\n", key: "tag", value: "v2",
			msg: `key tag: is an alias (*v) of a value defined elsewhere in the file; edit the anchored value &v instead, or write the value here`},
		{name: "ErrAnchoredScalar", in: "tag: &v v1\nother: *v\n", key: "tag", value: "v2",
			msg: `key tag: the value has the anchor &v, so other keys may share it through *v; editing it would change them too`},
		{name: "ErrThroughAlias", in: "base: &b {tag: v1}\nprod: *b\n", key: "prod.tag", value: "v2",
			msg: `key prod.tag: prod is an alias (*b), so the value is shared with &b; editing it would change every key that uses &b`},
		{name: "ErrInsideUsedAnchor", in: "base: &b {tag: v1}\nprod: *b\n", key: "base.tag", value: "v2",
			msg: `key base.tag: it is inside a map or list with the anchor &b, which is used elsewhere as *b; editing it would change those too`},
		{name: "ErrMergeKey", in: "base: &b {tag: v1}\nprod:\n  <<: *b\n  name: api\n", key: "prod.tag", value: "v2",
			msg: `key prod.tag: the value comes from a merge key (<<) in prod; editing it would change every map that merges the same values; set the key explicitly in prod instead`},
	})
}

func TestEditRefusesTwoEditsOfOneScalar(t *testing.T) {
	in := []byte("images: [{name: api, newTag: v1}]\n")
	_, err := Edit(in, edits(t, "images[0].newTag", "v2", "images[name=api].newTag", "v3")...)
	if want := `key images[0].newTag and key images[name=api].newTag name the same value; edit it once`; err == nil || err.Error() != want {
		t.Errorf("two edits of one scalar: got %v, want %s", err, want)
	}
}

func TestEditRefusesValues(t *testing.T) {
	runRefuseCases(t, []refuseCase{
		{name: "ErrBlockLiteral", in: "tag: |\n  v1\n", key: "tag", value: "v2",
			msg: `key tag: is a block scalar (| or >); deploybot edits only single-line values, so write it on one line first`},
		{name: "ErrBlockFolded", in: "tag: >-\n  v1\n", key: "tag", value: "v2",
			msg: `key tag: is a block scalar (| or >); deploybot edits only single-line values, so write it on one line first`},
		{name: "ErrNoValue", in: "tag:\n", key: "tag", value: "v2",
			msg: `key tag: has no value; write the current value into the file first, like tag: "1.0.0"`},
		{name: "ErrTagOnOtherLine", in: "- !t\n  v1\n", key: "[0]", value: "v2",
			msg: `key [0]: the value is not on the same line as its tag or anchor (line 1); write them on one line first`},
		{name: "ErrMultilinePlain", in: "tag: v1\n  more\n", key: "tag", value: "v2",
			msg: `key tag: the value spans several lines; deploybot edits only single-line values, so write it on one line first`},
		{name: "ErrPlainColon", in: "tag: v1\n", key: "tag", value: "a: b",
			msg: `key tag: "a: b" cannot be written unquoted here: it contains ": ", which YAML reads as a key; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainComment", in: "tag: v1\n", key: "tag", value: "v2 #x",
			msg: `key tag: "v2 #x" cannot be written unquoted here: it contains " #", which YAML reads as a comment; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainEmpty", in: "tag: v1\n", key: "tag", value: "",
			msg: `key tag: "" cannot be written unquoted here: it is empty; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainIndicator", in: "tag: v1\n", key: "tag", value: "*x",
			msg: `key tag: "*x" cannot be written unquoted here: it starts with "*", which YAML reads as syntax; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainSpace", in: "tag: v1\n", key: "tag", value: " v2",
			msg: `key tag: " v2" cannot be written unquoted here: it starts or ends with a space; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainNewline", in: "tag: v1\n", key: "tag", value: "v2\nx: y",
			msg: `key tag: "v2\nx: y" cannot be written unquoted here: it contains a line break, a tab or a control character; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainFlowComma", in: "images: [{name: api, newTag: v1}]\n", key: "images[0].newTag", value: "v1,v2",
			msg: `key images[0].newTag: "v1,v2" cannot be written unquoted here: it contains one of , [ ] { }, which end a value inside [ ] or { }; quote the current value in the file (newTag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainNumber", in: "tag: v1.9\n", key: "tag", value: "1.10",
			msg: `key tag: "1.10" cannot be written unquoted here: YAML would read it as a number, not as text; quote the current value in the file (tag: "v1.9") and deploybot will keep the quotes`},
		{name: "ErrPlainBool", in: "tag: v1\n", key: "tag", value: "true",
			msg: `key tag: "true" cannot be written unquoted here: YAML would read it as true or false, not as text; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainYAML11Bool", in: "tag: v1\n", key: "tag", value: "on",
			msg: `key tag: "on" cannot be written unquoted here: YAML 1.1 tools such as Helm and kubectl would read it as a boolean, number or null, not as text; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrPlainYAML11Number", in: "tag: v1\n", key: "tag", value: "1:20",
			msg: `key tag: "1:20" cannot be written unquoted here: YAML 1.1 tools such as Helm and kubectl would read it as a boolean, number or null, not as text; quote the current value in the file (tag: "v1") and deploybot will keep the quotes`},
		{name: "ErrSingleQuotedNewline", in: "tag: 'v1'\n", key: "tag", value: "v2\n",
			msg: `key tag: "v2\n" cannot be written in single quotes: it contains a line break or a control character`},
		{name: "ErrValueNotUTF8", in: "tag: \"v1\"\n", key: "tag", value: "\xff",
			msg: `key tag: the new value is not valid UTF-8`},
	})
}

// TestEditManyMerges is a regression test: each map merges the one
// before it ten times, so following every merge path would take 10^8 steps.
func TestEditManyMerges(t *testing.T) {
	var b strings.Builder
	b.WriteString("m0: &m0 {x: 1}\n")
	for i := 1; i <= 8; i++ {
		prev := "*m" + strconv.Itoa(i-1)
		fmt.Fprintf(&b, "m%d: &m%d {<<: [%s]}\n", i, i, strings.Repeat(prev+", ", 9)+prev)
	}
	_, err := Edit([]byte(b.String()), edits(t, "m8.tag", "v1")...)
	if want := `key m8.tag: m8 has no key "tag" (it has only merge keys (<<))`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
