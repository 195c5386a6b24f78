package yamledit_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsNothingOfDeploybot keeps yamledit a leaf that other projects
// can reuse: neither it nor anything it depends on may be a package of
// this module.
func TestImportsNothingOfDeploybot(t *testing.T) {
	const self = "github.com/deploybot/deploybot/deploy/yamledit"
	out, err := exec.Command("go", "list", "-deps", self).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", self, err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != self {
		t.Fatalf("go list -deps printed %q; want the package itself last", deps)
	}
	for _, dep := range deps[:len(deps)-1] {
		if dep == "github.com/deploybot/deploybot" || strings.HasPrefix(dep, "github.com/deploybot/deploybot/") {
			t.Errorf("yamledit depends on %s; it must import nothing of deploybot, so move the shared code into yamledit or pass it in", dep)
		}
	}
}
