package standins

import (
	"embed"
	"io/fs"
)

// seedFiles holds the testdrive's seed: the sample GitOps repository
// acme/gitops in testdrive-data/repo/ and the deploybot.yaml template for
// the stand-ins in testdrive-data/deploybot.yaml.
//
//go:embed testdrive-data/repo testdrive-data/deploybot.yaml
var seedFiles embed.FS

// seed is seedFiles rooted at testdrive-data.
var seed = mustSub(seedFiles, "testdrive-data")

// mustSub returns fsys's subtree dir; dir is a constant embedded above,
// so an error is a programming mistake.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
