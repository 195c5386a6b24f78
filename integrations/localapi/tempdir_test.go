package localapi

import (
	"os"
	"testing"
)

// shortTempDir returns a new directory under /tmp removed at the end of
// the test: short enough for a Unix socket path.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "lapi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
