package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestOpenUpgradesSchema1 makes a file as deploybot's first schema left it
// (no jobs bucket), then checks a read-only open accepts it as it is and a
// writable open upgrades it in place, keeping its data.
func TestOpenUpgradesSchema1(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	mustPut(t, s, promotion("p-1", "api", "production", 1, "requested"))
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketJobs); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	ro, err := Open(Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a schema-1 file: %v", err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	rw := openTest(t, path)
	if _, err := rw.GetPromotion("p-1"); err != nil {
		t.Errorf("promotion lost in the upgrade: %v", err)
	}
	if jobs, err := rw.Jobs(); err != nil || len(jobs) != 0 {
		t.Errorf("Jobs() after upgrade = %v, %v; want none, nil", jobs, err)
	}
	var v uint64
	if err := rw.db.View(func(tx *bolt.Tx) error {
		v, _ = readU64(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if v != schemaVersion {
		t.Errorf("schema after upgrade = %d, want %d", v, schemaVersion)
	}
}
