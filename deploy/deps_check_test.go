package deploy_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ours returns one of our packages, as go list reports it, importing imps
// (module-relative for ours, in full for others).
func ours(rel string, imps ...string) listedPackage {
	return listedPackage{ImportPath: module + "/" + rel, Imports: full(imps)}
}

// lib returns a library go list reports only as a dependency.
func lib(path string, imps ...string) listedPackage {
	return listedPackage{ImportPath: path, DepOnly: true, Imports: full(imps)}
}

// full returns imps with our module-relative paths made full; "fmt" is
// the standard library.
func full(imps []string) []string {
	var out []string
	for _, imp := range imps {
		if imp == "fmt" || !standard(imp) {
			out = append(out, imp)
		} else {
			out = append(out, module+"/"+imp)
		}
	}
	return out
}

func TestCheckImports(t *testing.T) {
	rules := []importRule{
		{pkg: "deploy", owns: "the domain", may: []string{"deploy", "example.com/pure"}, testMay: []string{cmpLib},
			never: []string{"go.etcd.io/bbolt"}},
		{pkg: "deploy/yamledit", owns: "YAML edits"}, // never listed below: a rule for a missing package is fine
		{pkg: "store", owns: "bbolt", may: []string{"deploy", "go.etcd.io/bbolt"}},
		{pkg: "bot", owns: "Slack", may: []string{"deploy", "github.com/slack-go/slack"}},
		{pkg: "cmd", owns: "wiring", may: []string{"bot", "deploy", "store", anyLibrary}},
	}
	libs := []listedPackage{lib("example.com/pure", "fmt"), lib("example.com/tainted", "go.etcd.io/bbolt"),
		lib("go.etcd.io/bbolt"), lib("github.com/slack-go/slack"), lib(cmpLib)}
	clean := []listedPackage{ours("deploy", "fmt", "example.com/pure"), ours("deploy/config", "example.com/pure"),
		ours("store", "deploy", "go.etcd.io/bbolt"), ours("bot", "deploy", "github.com/slack-go/slack"),
		ours("cmd/deploybot", "bot", "store", "example.com/tainted")}
	// with returns the clean graph and its libraries, with the packages in
	// change added or in place of those of the same path.
	with := func(change ...listedPackage) []listedPackage {
		byPath := map[string]listedPackage{}
		for _, p := range slices.Concat(clean, libs, change) {
			byPath[p.ImportPath] = p
		}
		return slices.Collect(maps.Values(byPath))
	}
	withTest := func(p listedPackage, imps ...string) listedPackage {
		p.XTestImports = full(imps)
		return p
	}
	tests := []struct {
		name       string
		pkgs       []listedPackage
		exceptions []importException
		want       []string // the first line of each problem
	}{
		{name: "OK", pkgs: with()},
		{name: "OKException", pkgs: with(ours("bot", "deploy", "store")),
			exceptions: []importException{{pkg: "bot", imp: "store", why: "issue #14"}}},
		{name: "OKTestImport", pkgs: with(withTest(ours("deploy", "example.com/pure"), "deploy", cmpLib))},
		{name: "ErrForbiddenImport", pkgs: with(ours("deploy", "github.com/slack-go/slack")),
			want: []string{"deploy imports github.com/slack-go/slack, which its rule does not allow"}},
		{name: "ErrOurs", pkgs: with(ours("bot", "deploy", "store")),
			want: []string{"bot imports store, which its rule does not allow"}},
		{name: "ErrParentRule", pkgs: with(ours("deploy/config", "github.com/slack-go/slack")),
			want: []string{"deploy/config imports github.com/slack-go/slack, which its rule does not allow"}},
		{name: "ErrTestImport", pkgs: with(withTest(ours("store", "deploy"), "bot")),
			want: []string{"store has a test that imports bot, which its rule does not allow"}},
		{name: "ErrReaches", pkgs: with(ours("deploy", "example.com/tainted")),
			want: []string{
				"deploy imports example.com/tainted, which its rule does not allow",
				"deploy reaches go.etcd.io/bbolt (deploy -> example.com/tainted -> go.etcd.io/bbolt), which its rule forbids",
			}},
		{name: "ErrReachesThroughOurs", pkgs: with(ours("deploy", "deploy/config"), ours("deploy/config", "example.com/tainted")),
			want: []string{
				"deploy reaches go.etcd.io/bbolt (deploy -> deploy/config -> example.com/tainted -> go.etcd.io/bbolt), which its rule forbids",
				"deploy/config imports example.com/tainted, which its rule does not allow",
				"deploy/config reaches go.etcd.io/bbolt (deploy/config -> example.com/tainted -> go.etcd.io/bbolt), which its rule forbids",
			}},
		{name: "ErrNoRule", pkgs: with(ours("tools/gen", "fmt")),
			want: []string{"tools/gen has no import rule: add one to importRules in deploy/deps_rules_test.go saying what it owns and what it may import"}},
		{name: "ErrStaleException", pkgs: with(),
			exceptions: []importException{{pkg: "bot", imp: "store", why: "issue #14"}},
			want:       []string{"bot no longer imports or reaches store: delete the exception (issue #14) from importExceptions in deploy/deps_rules_test.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range checkImports(tt.pkgs, rules, tt.exceptions) {
				got = append(got, strings.SplitN(p, "\n", 2)[0])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrMessageNamesTheRule", func(t *testing.T) {
		got := checkImports(with(ours("store", "deploy", "go.etcd.io/bbolt", "github.com/slack-go/slack")), rules, nil)
		want := []string{"store imports github.com/slack-go/slack, which its rule does not allow\n" +
			"\trule store: bbolt\n" +
			"\tmay import: deploy, go.etcd.io/bbolt\n" +
			"\tmove the code to the package that owns it, or change the rule in deploy/deps_rules_test.go and say why"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	})
}
