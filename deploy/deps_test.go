package deploy_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainImportsNoAdapter keeps deploy vendor-free: the domain must not
// depend on Slack, GitHub, Argo CD or bbolt, directly or through another package.
func TestDomainImportsNoAdapter(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/deploybot/deploybot/deploy/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./deploy/...: %v\n%s", err, out)
	}
	forbidden := []string{"github.com/slack-go/", "github.com/google/go-github/", "github.com/argoproj/", "go.etcd.io/bbolt"}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list -deps printed no packages")
	}
	for _, dep := range deps {
		for _, f := range forbidden {
			if strings.HasPrefix(dep, f) {
				t.Errorf("package deploy depends on %s; translate vendor types in an adapter instead", dep)
			}
		}
	}
}
