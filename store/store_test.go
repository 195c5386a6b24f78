package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path := testPath(t)
		s := openTest(t, path)
		if s.Path() != path {
			t.Errorf("Path() = %q, want %q", s.Path(), path)
		}
		assertMode(t, filepath.Dir(path), 0o700|os.ModeDir)
		assertMode(t, path, 0o600)
		if err := s.Check(); err != nil {
			t.Errorf("Check: %v", err)
		}
	})
	t.Run("ErrEmptyPath", func(t *testing.T) {
		_, err := Open(Options{})
		wantCode(t, err, fault.CodeInvalid)
	})
	t.Run("ErrReadOnlyMissing", func(t *testing.T) {
		path := testPath(t)
		_, err := Open(Options{Path: path, ReadOnly: true})
		wantCode(t, err, fault.CodeNotFound)
		if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("read-only Open created %s", filepath.Dir(path))
		}
	})
	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := testPath(t)
		s := openTest(t, path)
		setSchema(t, s, schemaVersion+1)
		closeStore(t, s)
		_, err := Open(Options{Path: path})
		wantCode(t, err, fault.CodeInternal)
		wantMessage(t, err, path, "newer deploybot", "upgrade deploybot")
	})
	t.Run("ErrReadOnlyEmptyBoltFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		writeBolt(t, path)
		_, err := Open(Options{Path: path, ReadOnly: true})
		wantCode(t, err, fault.CodeNotFound)
		wantMessage(t, err, path, "start deploybot serve once")
		if _, err := openTest(t, path).GetPromotion("p1"); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("read-write Open did not set up the empty file: %v", err)
		}
	})
	t.Run("ErrForeignBoltFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		writeBolt(t, path, "something-else")
		_, err := Open(Options{Path: path})
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open = %v, want ErrCorrupt", err)
		}
		wantMessage(t, err, path, "not a deploybot store")
	})
}

func TestOpenLocked(t *testing.T) {
	path := testPath(t)
	openTest(t, path)
	t.Run("ErrLocked", func(t *testing.T) {
		const timeout = 300 * time.Millisecond
		start := time.Now()
		_, err := Open(Options{Path: path, Timeout: timeout})
		took := time.Since(start)
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("second Open = %v, want ErrLocked", err)
		}
		wantCode(t, err, fault.CodeUnavailable)
		wantMessage(t, err, "another deploybot (serve, or a CLI command) holds "+path,
			"stop it or use a different store.path")
		if took < timeout/2 || took > timeout+2*time.Second {
			t.Errorf("second Open failed after %s, want about %s", took, timeout)
		}
	})
	t.Run("ErrLockedReadOnly", func(t *testing.T) {
		_, err := Open(Options{Path: path, Timeout: 50 * time.Millisecond, ReadOnly: true})
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("read-only Open = %v, want ErrLocked", err)
		}
	})
}

func TestReadOnly(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	mustPut(t, s, promotion("p1", "api", "staging", 1, deploy.StateRequested))
	closeStore(t, s)

	r1, err := Open(Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open: %v", err)
	}
	defer closeStore(t, r1)
	r2, err := Open(Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only Open: %v", err)
	}
	defer closeStore(t, r2)
	if _, err := r2.GetPromotion("p1"); err != nil {
		t.Errorf("GetPromotion: %v", err)
	}
	if err := r1.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	err = r1.PutPromotion(promotion("p2", "api", "staging", 2, deploy.StateRequested))
	wantCode(t, err, fault.CodeInternal)
	wantMessage(t, err, "read-only")
}

func TestReopenKeepsEverything(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	active := promotion("p1", "api", "production", 5, deploy.StateWatching)
	done := promotion("p2", "api", "production", 6, deploy.StateSucceeded)
	lock := deploy.Lock{Service: "api", Env: "production", PromotionID: "p1", Holder: "U1", Since: t0}
	watch := Watch{PromotionID: "p1", App: "api-production", Env: "production", StartedAt: t0, Deadline: t0.Add(30 * time.Minute)}
	event := deploy.AuditEvent{At: t0, PromotionID: "p1", Actor: "U1", Action: "merged",
		From: deploy.StateApproved, To: deploy.StateMerged, Reason: "merged by U1"}
	err := s.Update(func(tx *Tx) error {
		return errors.Join(tx.PutPromotion(fullPromotion()), tx.PutPromotion(active), tx.PutPromotion(done),
			tx.AcquireLock(lock), tx.PutWatch(watch), must(tx.AppendAudit(event)), must(tx.ClaimKey("k", time.Hour, t0)))
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	closeStore(t, s)

	s = openTest(t, path)
	got := snapshot(t, s)
	event.Seq = 1
	want := contents{
		Full:    fullPromotion(),
		Latest:  []deploy.Promotion{done, active, fullPromotion()},
		Active:  []deploy.Promotion{fullPromotion(), active},
		Audit:   []deploy.AuditEvent{event},
		Locks:   []deploy.Lock{lock},
		Watches: []Watch{watch},
		Claimed: false,
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("after reopen (-want +got):\n%s", diff)
	}
}

// contents is what TestReopenKeepsEverything reads back.
type contents struct {
	Full    deploy.Promotion
	Latest  []deploy.Promotion
	Active  []deploy.Promotion
	Audit   []deploy.AuditEvent
	Locks   []deploy.Lock
	Watches []Watch
	Claimed bool
}

func snapshot(t *testing.T, s *Store) contents {
	t.Helper()
	var c contents
	var err error
	errs := []error{}
	c.Full, err = s.GetPromotion("p-full")
	errs = append(errs, err)
	c.Latest, err = s.LatestPromotions("api", "production", 10)
	errs = append(errs, err)
	c.Active, err = s.ActivePromotions()
	errs = append(errs, err)
	c.Audit, err = s.Audit("p1")
	errs = append(errs, err)
	c.Locks, err = s.Locks()
	errs = append(errs, err)
	c.Watches, err = s.Watches()
	errs = append(errs, err)
	c.Claimed, err = s.ClaimKey("k", time.Hour, t0.Add(time.Minute))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("reading back: %v", err)
	}
	return c
}

func TestCloseTwice(t *testing.T) {
	s, err := Open(Options{Path: testPath(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.GetPromotion("x"); err == nil {
		t.Errorf("GetPromotion after Close succeeded")
	}
}

// must drops a value and keeps the error, to join calls in one expression.
func must[T any](_ T, err error) error { return err }

func closeStore(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Errorf("mode of %s = %v, want %v", path, got, want)
	}
}

func wantMessage(t testing.TB, err error, parts ...string) {
	t.Helper()
	msg := fault.UserMessage(err)
	if fault.ErrorCode(err) == fault.CodeInternal {
		msg = err.Error()
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("error %q does not contain %q", msg, p)
		}
	}
}

func setSchema(t *testing.T, s *Store, v uint64) {
	t.Helper()
	err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(v)) })
	if err != nil {
		t.Fatal(err)
	}
}

// writeBolt writes a bbolt file holding buckets, none if none given.
func writeBolt(t *testing.T, path string, buckets ...string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err := errors.Join(err, db.Close()); err != nil {
		t.Fatal(err)
	}
}
