//go:build !unix

package store

// lockForRestore refuses: on this system Restore cannot tell whether a
// deploybot holds the store at path.
func lockForRestore(path string) (unlock func(), err error) {
	return nil, internalf("restore is only supported on Unix systems; stop deploybot and copy the backup to %s by hand", path)
}
