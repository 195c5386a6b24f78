package deploy

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stateWriters are the functions allowed to assign a State field: the
// transition helper, which every state change goes through.
var stateWriters = map[string]bool{"transition": true}

// stateWrites returns, as "file:line: what", every place in f that sets a
// promotion's state other than through stateWriters: an assignment to a
// .State field, or a Promotion literal whose State is not StateRequested
// (the state every promotion is created in).
func stateWrites(fset *token.FileSet, f *ast.File) []string {
	var found []string
	report := func(n ast.Node, format string, args ...any) {
		pos := fset.Position(n.Pos())
		found = append(found, fmt.Sprintf("%s:%d: %s", filepath.Base(pos.Filename), pos.Line, fmt.Sprintf(format, args...)))
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		name := "package level"
		if ok {
			name = fn.Name.Name
		}
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "State" && !stateWriters[name] {
						report(n, "%s assigns %s.State directly", name, exprString(sel.X))
					}
				}
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); !ok || id.Name != "Promotion" {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if k, ok := kv.Key.(*ast.Ident); !ok || k.Name != "State" {
						continue
					}
					if v, ok := kv.Value.(*ast.Ident); !ok || v.Name != "StateRequested" {
						report(n, "%s creates a Promotion in state %s, not StateRequested", name, exprString(kv.Value))
					}
				}
			}
			return true
		})
	}
	return found
}

// exprString is a short rendering of x for failure messages.
func exprString(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.ParenExpr:
		return "(" + exprString(x.X) + ")"
	}
	return fmt.Sprintf("%T", x)
}

func TestStateWrites(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"OK", `package deploy
func (p *Promotion) transition(ev Event) { p.State = StateApproved }
func newPromotion() Promotion { return Promotion{ID: "x", State: StateRequested} }
func other(p *Promotion) { if p.State == StateMerged { p.StateReason = "r" }; _ = WatchStep{State: st} }`, nil},
		{"ErrAssignment", `package deploy
func block(p *Promotion) {
	p.State, p.StateReason = StateBlocked, "no"
}`, []string{"x.go:3: block assigns p.State directly"}},
		{"ErrAssignmentThroughPointer", `package deploy
func approve(p *Promotion) { (*p).State = StateApproved }`, []string{"x.go:2: approve assigns (*p).State directly"}},
		{"ErrLiteral", `package deploy
func blocked() Promotion { return Promotion{ID: "x", State: StateBlocked} }`, []string{"x.go:2: blocked creates a Promotion in state StateBlocked, not StateRequested"}},
		{"ErrPackageLevel", `package deploy
var seed = Promotion{State: StateMerged}`, []string{"x.go:2: package level creates a Promotion in state StateMerged, not StateRequested"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", tt.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, stateWrites(fset, f)); diff != "" {
				t.Errorf("stateWrites (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStateWritesGoThroughTransition fails when deploy's code changes a
// promotion's state other than through (*Promotion).transition, which
// asks Transition first, so the state machine stays the one authority.
func TestStateWritesGoThroughTransition(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	var found []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, stateWrites(fset, f)...)
	}
	if len(found) > 0 {
		t.Errorf("promotion state set without Transition; call p.transition(event, reason, now) "+
			"(or Engine.advance) instead, adding the event to stateTransitions if it is missing:\n%s",
			strings.Join(found, "\n"))
	}
}
