package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy/fault"
)

// Tx is one store transaction, passed to the function given to Update or
// View. It is valid only until that function returns, and must not be used
// from another goroutine. Values it returns are copies, safe to keep.
// Write methods called in a View transaction return an error.
type Tx struct {
	tx *bolt.Tx
}

// Update runs fn in one read-write transaction: everything fn writes is
// committed together, and fsynced before Update returns, when fn returns
// nil; nothing is written when fn returns an error. It returns fn's error
// unchanged, a CodeInternal error if the store was opened read-only, or
// bbolt's error if the commit fails. fn must use tx, never the Store: a
// Store call inside fn waits for fn's own transaction and deadlocks.
func (s *Store) Update(fn func(tx *Tx) error) error {
	var fnErr error
	err := s.db.Update(func(btx *bolt.Tx) error {
		fnErr = fn(&Tx{tx: btx})
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err == nil:
		return nil
	case errors.Is(err, bolt.ErrDatabaseReadOnly):
		return fault.Errorf(fault.CodeInternal, "store file %s was opened read-only and cannot be changed: %w", s.path, err)
	default:
		return fmt.Errorf("store: commit to %s: %w", s.path, err)
	}
}

// View runs fn in one read-only transaction, which sees a consistent
// snapshot while writers carry on. It returns fn's error unchanged, or
// bbolt's error if the transaction cannot start (the store is closed).
// fn must use tx, never the Store: a Store write inside fn can deadlock
// when bbolt needs to grow the file.
func (s *Store) View(fn func(tx *Tx) error) error {
	var fnErr error
	err := s.db.View(func(btx *bolt.Tx) error {
		fnErr = fn(&Tx{tx: btx})
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err != nil:
		return fmt.Errorf("store: read %s: %w", s.path, err)
	}
	return nil
}

// view runs fn in a View transaction and returns its result.
func view[T any](s *Store, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := s.View(func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// update runs fn in an Update transaction and returns its result.
func update[T any](s *Store, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := s.Update(func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// bucket returns the named top-level bucket. Open creates them all, so a
// missing one means the file was damaged: the error wraps ErrCorrupt.
func (t *Tx) bucket(name []byte) (*bolt.Bucket, error) {
	b := t.tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("store: bucket %q is missing: %w", name, ErrCorrupt)
	}
	if t.tx.Writable() && appendBuckets[string(name)] {
		b.FillPercent = appendFill
	}
	return b, nil
}

// put writes k=v to bucket name, describing what in the error.
func (t *Tx) put(name, k, v []byte, what string) error {
	b, err := t.bucket(name)
	if err != nil {
		return err
	}
	if err := b.Put(k, v); err != nil {
		return writeErr(what, err)
	}
	return nil
}

// del deletes k from bucket name (absent keys are fine), describing what
// in the error.
func (t *Tx) del(name, k []byte, what string) error {
	b, err := t.bucket(name)
	if err != nil {
		return err
	}
	if err := b.Delete(k); err != nil {
		return writeErr(what, err)
	}
	return nil
}
