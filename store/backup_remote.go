package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy"
)

// The running bot holds the store's file lock, so a second process cannot
// open the file to back it up. Instead the process that holds the store
// answers backup requests on a Unix socket beside the file, readable only by
// the file's owner (mode 0600 in a 0700 directory); `deploybot backup` uses
// it when the lock is taken. The answer is an 8-byte big-endian length
// followed by exactly that many bytes of a consistent snapshot (Tx.WriteTo).

// BackupSocketPath returns the Unix socket on which the process holding the
// store at storePath serves backups.
func BackupSocketPath(storePath string) string { return storePath + ".backup.sock" }

// ServeBackups answers backup requests on BackupSocketPath(s.Path()) until
// ctx is done, then removes the socket. It returns an error if the socket
// cannot be created; errors serving one request are logged, not returned.
func (s *Store) ServeBackups(ctx context.Context) error {
	sock := BackupSocketPath(s.path)
	// We hold the store's file lock, so a socket left here belongs to a
	// process that died: it is safe to replace.
	if err := os.Remove(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: remove stale backup socket %s: %w", sock, err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("store: listen for backups on %s: %w", sock, err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("store: restrict backup socket %s: %w", sock, err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil // Close removed the socket file
			}
			return fmt.Errorf("store: accept backup request on %s: %w", sock, err)
		}
		go s.serveBackup(conn)
	}
}

// serveBackup writes one framed snapshot to conn.
func (s *Store) serveBackup(conn net.Conn) {
	defer conn.Close()
	err := s.db.View(func(tx *bolt.Tx) error {
		var size [8]byte
		binary.BigEndian.PutUint64(size[:], uint64(tx.Size()))
		if _, err := conn.Write(size[:]); err != nil {
			return err
		}
		_, err := tx.WriteTo(conn)
		return err
	})
	if err != nil {
		s.log.Error("backup request failed", "socket", BackupSocketPath(s.path), "err", err)
		return
	}
	s.log.Info("store backed up over socket", "socket", BackupSocketPath(s.path))
}

// RequestBackup asks the process holding the store at storePath for a
// backup and writes it to out as BackupFile does (a temporary file beside
// out, fsync, consistency check, then moved to out), with the same
// refusals (CodeInvalid): out must not be, or resolve to, the store file
// or its socket, and an existing out is replaced only with opts.Force. It
// returns CodeNotFound if no process serves backups for storePath, and an
// error naming what failed otherwise; on error out is left as it was.
func RequestBackup(ctx context.Context, storePath, out string, opts BackupOptions) error {
	_, err := writeBackup(storePath, out, opts, func(f *os.File) error {
		return requestInto(ctx, storePath, f)
	})
	return err
}

// requestInto asks the process serving backups of storePath for one and
// writes it to w.
func requestInto(ctx context.Context, storePath string, w io.Writer) error {
	sock := BackupSocketPath(storePath)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return deploy.Errorf(deploy.CodeNotFound, "no running deploybot serves backups of %s (socket %s): %w", storePath, sock, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	return receiveBackup(conn, w)
}

// receiveBackup reads one framed snapshot from r and writes it to w.
func receiveBackup(r io.Reader, w io.Writer) error {
	var size [8]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return fmt.Errorf("store: read backup header: %w", err)
	}
	want := int64(binary.BigEndian.Uint64(size[:]))
	n, err := io.Copy(w, io.LimitReader(r, want))
	if err == nil && n != want {
		err = fmt.Errorf("store: backup stream ended after %d of %d bytes", n, want)
	}
	if err != nil {
		return fmt.Errorf("store: receive backup: %w", err)
	}
	return nil
}
