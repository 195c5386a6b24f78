package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy/fault"
)

// checkSchema reports whether tx holds a deploybot store this code can
// read (empty is false) or an empty bbolt file (empty is true). It returns
// an error wrapping ErrCorrupt for a file that is not a deploybot store or
// lacks a bucket, and a CodeInternal error asking for an upgrade if a
// newer deploybot wrote the file.
func checkSchema(tx *bolt.Tx) (empty bool, version uint64, err error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return true, 0, checkNoBuckets(tx)
	}
	raw := meta.Get(keySchema)
	v, ok := readU64(raw)
	if !ok || v == 0 {
		return false, 0, corruptf("schema version %x is not a number", raw)
	}
	if v > schemaVersion {
		return false, v, fault.Errorf(fault.CodeInternal,
			"store file %s was written by a newer deploybot (schema %d, this one reads up to %d); upgrade deploybot",
			tx.DB().Path(), v, schemaVersion)
	}
	for _, name := range bucketsOf(v) {
		if tx.Bucket(name) == nil {
			return false, v, corruptf("bucket %q is missing", name)
		}
	}
	return false, v, nil
}

// bucketsOf returns the buckets a file of schema version v must hold.
func bucketsOf(v uint64) [][]byte {
	later := map[string]bool{}
	for added, names := range bucketsAdded {
		if added > v {
			for _, n := range names {
				later[string(n)] = true
			}
		}
	}
	var out [][]byte
	for _, name := range allBuckets {
		if !later[string(name)] {
			out = append(out, name)
		}
	}
	return out
}

// migrate brings a file of an older schema version up to schemaVersion:
// every change so far only adds buckets. It returns bbolt's error if a
// write fails.
func migrate(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return writeErr(fmt.Sprintf("bucket %s", name), err)
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keySchema, u64(schemaVersion)); err != nil {
		return writeErr("schema version", err)
	}
	return nil
}

// checkNoBuckets returns an error wrapping ErrCorrupt if a bbolt file
// without deploybot's schema version holds buckets: it is someone else's.
func checkNoBuckets(tx *bolt.Tx) error {
	var foreign []byte
	err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		foreign = append([]byte(nil), name...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: list buckets: %w", err)
	}
	if foreign != nil {
		return corruptf("a bbolt file with bucket %q but no deploybot schema version", foreign)
	}
	return nil
}

// createSchema creates every bucket of an empty file and records the
// schema version. It returns bbolt's error if a write fails.
func createSchema(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucket(name); err != nil {
			return writeErr(fmt.Sprintf("bucket %s", name), err)
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keySchema, u64(schemaVersion)); err != nil {
		return writeErr("schema version", err)
	}
	return nil
}
