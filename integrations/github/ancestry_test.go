package github_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/fault"
)

func TestIsAncestor(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	base := e.srv.Head(gitops, "main")
	side, err := e.srv.PushCommit(gitops, "side", "lee", "side branch", map[string][]byte{"other.md": []byte("x\n")})
	must(t, err)
	next, err := e.srv.PushCommit(gitops, "main", "sam", "unrelated", map[string][]byte{"README.md": []byte("hi\n")})
	must(t, err)
	tests := []struct {
		name                 string
		ancestor, descendant string
		want                 bool
		code                 fault.Code
	}{
		{name: "OKAhead", ancestor: base, descendant: next, want: true},
		{name: "OKIdentical", ancestor: next, descendant: next, want: true},
		{name: "OKBehind", ancestor: next, descendant: base, want: false},
		{name: "OKDiverged", ancestor: next, descendant: side, want: false},
		{name: "ErrUnknown", ancestor: base, descendant: "0000000000000000000000000000000000000000", code: fault.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.c.IsAncestor(ctx, tt.ancestor, tt.descendant)
			if got != tt.want || fault.ErrorCode(err) != tt.code {
				t.Errorf("IsAncestor = %v, %v; want %v, %s", got, err, tt.want, tt.code)
			}
		})
	}
}

// TestIsAncestorCaches checks that a positive answer costs one request
// and a negative one is asked again.
func TestIsAncestorCaches(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	base := e.srv.Head(gitops, "main")
	next, err := e.srv.PushCommit(gitops, "main", "sam", "unrelated", map[string][]byte{"README.md": []byte("hi\n")})
	must(t, err)
	e.srv.ResetRequests()
	for range 3 {
		if ok, err := e.c.IsAncestor(ctx, base, next); err != nil || !ok {
			t.Fatalf("IsAncestor(base, next) = %v, %v", ok, err)
		}
		if ok, err := e.c.IsAncestor(ctx, next, base); err != nil || ok {
			t.Fatalf("IsAncestor(next, base) = %v, %v", ok, err)
		}
	}
	want := []string{
		"GET /repos/acme/gitops/compare/" + base + "..." + next + " 200",
		"GET /repos/acme/gitops/compare/" + next + "..." + base + " 200",
		"GET /repos/acme/gitops/compare/" + next + "..." + base + " 200",
		"GET /repos/acme/gitops/compare/" + next + "..." + base + " 200",
	}
	if diff := cmp.Diff(want, e.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}
