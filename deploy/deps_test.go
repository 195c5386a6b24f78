package deploy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is this module's path; rules name our packages relative to it.
const module = "github.com/deploybot/deploybot"

// anyLibrary in a rule's may list allows every package outside this module.
const anyLibrary = "<any library>"

// importRule says what the packages at pkg (and below it, unless a longer
// rule matches) may import. Our packages are written relative to the
// module ("deploy"), others in full ("github.com/slack-go/slack"); an
// entry also allows everything below it. Standard library imports are
// always allowed.
type importRule struct {
	pkg     string   // module-relative path
	owns    string   // what the package is for, quoted in failures
	may     []string // what its non-test files may import
	testMay []string // what its _test.go files may import besides may
	never   []string // what it must not reach even through other packages
}

// importException is a known departure from the rules: pkg may import (or
// reach) imp for the reason given. A test failure asks for it to be deleted
// once it is no longer needed.
type importException struct {
	pkg, imp, why string
}

// listedPackage is the part of `go list -json` the rules read.
type listedPackage struct {
	ImportPath   string
	DepOnly      bool
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// TestImportRules checks every package of the module, and its tests,
// against importRules and importExceptions.
func TestImportRules(t *testing.T) {
	pkgs, err := listPackages()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(pkgs, func(p listedPackage) bool { return p.ImportPath == module+"/deploy" }) {
		t.Fatalf("go list printed no %s/deploy; the rules checked nothing", module)
	}
	for _, problem := range checkImports(pkgs, importRules, importExceptions) {
		t.Error(problem)
	}
}

// listPackages returns the module's packages and everything they import,
// as `go list -deps -json` reports them.
func listPackages() ([]listedPackage, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,DepOnly,Imports,TestImports,XTestImports", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s/...: %w\n%s", module, err, stderr.Bytes())
	}
	var pkgs []listedPackage
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading go list -json: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// checkImports returns one message per broken rule and per exception that
// is no longer needed, in a stable order. Rules for packages that do not
// exist are not an error.
func checkImports(pkgs []listedPackage, rules []importRule, exceptions []importException) []string {
	imports := map[string][]string{}
	var ours []listedPackage
	for _, p := range pkgs {
		imports[p.ImportPath] = p.Imports
		if !p.DepOnly && strings.HasPrefix(p.ImportPath, module+"/") {
			ours = append(ours, p)
		}
	}
	slices.SortFunc(ours, func(a, b listedPackage) int { return strings.Compare(a.ImportPath, b.ImportPath) })
	c := &importChecker{imports: imports, exceptions: exceptions, used: map[int]bool{}, present: map[string]bool{}}
	for _, p := range ours {
		c.check(p, rules)
	}
	for i, x := range exceptions {
		if c.present[x.pkg] && !c.used[i] {
			c.problems = append(c.problems, fmt.Sprintf("%s no longer imports or reaches %s: delete the exception (%s) from importExceptions in deploy/deps_rules_test.go", x.pkg, x.imp, x.why))
		}
	}
	return c.problems
}

// importChecker collects the problems of one checkImports run.
type importChecker struct {
	imports    map[string][]string // import path -> its non-test imports
	exceptions []importException
	used       map[int]bool    // exceptions that excused something
	present    map[string]bool // module-relative paths of our packages
	problems   []string
}

func (c *importChecker) check(p listedPackage, rules []importRule) {
	rel := relative(p.ImportPath)
	c.present[rel] = true
	r, ok := ruleFor(rel, rules)
	if !ok {
		c.problems = append(c.problems, fmt.Sprintf("%s has no import rule: add one to importRules in deploy/deps_rules_test.go saying what it owns and what it may import", rel))
		return
	}
	for _, imp := range p.Imports {
		c.direct(rel, r, imp, "imports", r.may)
	}
	testMay := slices.Concat(r.may, r.testMay)
	for _, imp := range slices.Concat(p.TestImports, p.XTestImports) {
		if imp != p.ImportPath {
			c.direct(rel, r, imp, "has a test that imports", testMay)
		}
	}
	for _, pattern := range r.never {
		if chain := c.reach(p.ImportPath, pattern); chain != nil && !c.excused(rel, relative(chain[len(chain)-1])) {
			c.problems = append(c.problems, fmt.Sprintf("%s reaches %s (%s), which its rule forbids\n\trule %s: %s\n\tnever: %s\n\tmove the code to the package that owns it, or change the rule in deploy/deps_rules_test.go and say why",
				rel, relative(chain[len(chain)-1]), strings.Join(relativeAll(chain), " -> "), r.pkg, r.owns, strings.Join(r.never, ", ")))
		}
	}
}

// direct records a problem when rel's import imp is not in allowed.
func (c *importChecker) direct(rel string, r importRule, imp, verb string, allowed []string) {
	if standard(imp) {
		return
	}
	name := relative(imp)
	if slices.ContainsFunc(allowed, func(pattern string) bool { return matches(pattern, name) }) || c.excused(rel, name) {
		return
	}
	may := strings.Join(allowed, ", ")
	if may == "" {
		may = "only the standard library"
	}
	c.problems = append(c.problems, fmt.Sprintf("%s %s %s, which its rule does not allow\n\trule %s: %s\n\tmay import: %s\n\tmove the code to the package that owns it, or change the rule in deploy/deps_rules_test.go and say why",
		rel, verb, name, r.pkg, r.owns, may))
}

// excused reports whether an exception lets rel import or reach name, and
// marks that exception used.
func (c *importChecker) excused(rel, name string) bool {
	for i, x := range c.exceptions {
		if x.pkg == rel && matches(x.imp, name) {
			c.used[i] = true
			return true
		}
	}
	return false
}

// reach returns the shortest import chain from root to a package matching
// pattern, or nil when root does not depend on one.
func (c *importChecker) reach(root, pattern string) []string {
	from := map[string]string{root: ""}
	queue := []string{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p != root && matches(pattern, relative(p)) {
			var chain []string
			for ; p != ""; p = from[p] {
				chain = append(chain, p)
			}
			slices.Reverse(chain)
			return chain
		}
		for _, imp := range c.imports[p] {
			if _, seen := from[imp]; !seen {
				from[imp] = p
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

// ruleFor returns the rule with the longest pkg that is rel or a parent of it.
func ruleFor(rel string, rules []importRule) (importRule, bool) {
	var best importRule
	found := false
	for _, r := range rules {
		if matches(r.pkg, rel) && (!found || len(r.pkg) > len(best.pkg)) {
			best, found = r, true
		}
	}
	return best, found
}

// matches reports whether name (module-relative for our packages) is
// pattern or below it; anyLibrary matches every package outside the module.
func matches(pattern, name string) bool {
	if pattern == anyLibrary {
		return !standard(name)
	}
	return name == pattern || strings.HasPrefix(name, pattern+"/")
}

// relative returns our packages' paths relative to the module and every
// other path unchanged.
func relative(path string) string {
	return strings.TrimPrefix(path, module+"/")
}

func relativeAll(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = relative(p)
	}
	return out
}

// standard reports whether path is in the standard library, or one of our
// packages written relative to the module: its first element has no dot.
func standard(path string) bool {
	return !strings.Contains(strings.Split(path, "/")[0], ".")
}
