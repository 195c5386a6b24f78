package store

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// maxReported is how many of bbolt's check findings an error quotes.
const maxReported = 3

// checkTx checks the file behind tx and returns an error wrapping
// ErrCorrupt for the first kind of damage found: a file shorter than its
// pages, a page that cannot be read, keys out of order, or anything
// bbolt's own tx.Check reports.
//
// bbolt's check runs in a goroutine of its own, where a panic on a damaged
// page (bbolt asserts page IDs and types) would end the process. So walk
// first: read every key and value of every bucket here, where panics and
// memory faults are recovered, and run tx.Check only on a file that
// survived the walk.
func checkTx(tx *bolt.Tx, path string) error {
	if err := checkSize(tx, path); err != nil {
		return err
	}
	if err := walk(tx); err != nil {
		return err
	}
	return boltCheck(tx)
}

// checkSize catches a truncated file: its meta page claims more pages than
// the file has.
func checkSize(tx *bolt.Tx, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("store: stat %s: %w", path, err)
	}
	if need := tx.Size(); need > fi.Size() {
		return corruptf("the file has %d bytes but its pages need %d (truncated?)", fi.Size(), need)
	}
	return nil
}

// walk reads every bucket of tx, recovering panics and memory faults.
func walk(tx *bolt.Tx) (err error) {
	defer recoverCorrupt(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		return walkBucket(string(name), b, 0)
	})
}

// maxDepth bounds nested buckets (deploybot uses none) so that a damaged
// page pointing at its parent cannot recurse forever.
const maxDepth = 4

// touched receives a byte of every key and value walked, so that the
// compiler keeps the reads that make a bad page fault here.
var touched atomic.Uint32

// walkBucket checks that b's keys are strictly increasing, reads the ends
// of every key and value, and descends into nested buckets.
func walkBucket(name string, b *bolt.Bucket, depth int) error {
	if depth > maxDepth {
		return corruptf("buckets nested deeper than %d at %s", maxDepth, name)
	}
	var prev []byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		touched.Add(uint32(k[0]) + uint32(k[len(k)-1]))
		if len(v) > 0 {
			touched.Add(uint32(v[0]) + uint32(v[len(v)-1]))
		}
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			return corruptf("bucket %s: key %x is not after %x", name, k, prev)
		}
		prev = k
		if v != nil {
			continue
		}
		child := b.Bucket(k)
		if child == nil {
			continue // a key with an empty value
		}
		if err := walkBucket(name+"/"+string(k), child, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// boltCheck runs bbolt's consistency check, draining all its findings,
// and returns an error wrapping ErrCorrupt quoting the first few.
func boltCheck(tx *bolt.Tx) error {
	var found []string
	n := 0
	for err := range tx.Check() {
		n++
		if len(found) < maxReported {
			found = append(found, err.Error())
		}
	}
	if n == 0 {
		return nil
	}
	return corruptf("bbolt check found %d problem(s): %s", n, strings.Join(found, "; "))
}
