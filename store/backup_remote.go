package store

import (
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// The running bot holds the store's file lock, so a second process cannot
// open the file to back it up. Instead the process that holds the store
// streams a consistent snapshot through its local API, on a Unix socket
// beside the file (SocketPath); `deploybot backup` receives it with
// ReceiveBackup when the lock is taken.

// SocketPath returns the Unix socket of the local API of the deploybot
// that holds the store at storePath: <storePath>.sock. A backup is one of
// its endpoints.
func SocketPath(storePath string) string { return storePath + ".sock" }

// StreamBackup writes a consistent snapshot of the whole store to w, as
// Backup does, first calling size with the snapshot's exact length in
// bytes (for a Content-Length). It returns the bytes written and the
// first read or write error.
func (s *Store) StreamBackup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		size(tx.Size())
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: back up %s: %w", s.path, err)
	}
	return n, nil
}

// ReceiveBackup writes a backup of the store at storePath, which fill
// writes into the writer it is given (usually a snapshot streamed by the
// process holding the store), to out as BackupFile does: a temporary file
// beside out, fsync, consistency check, then moved to out. Before fill is
// called it refuses (CodeInvalid) an out that is, or resolves to, the
// store file or its socket, and an existing out unless opts.Force. It
// returns fill's error, or an error naming what failed otherwise; on
// error out is left as it was.
func ReceiveBackup(storePath, out string, opts BackupOptions, fill func(w io.Writer) error) error {
	_, err := writeBackup(storePath, out, opts, func(f *os.File) error { return fill(f) })
	return err
}
