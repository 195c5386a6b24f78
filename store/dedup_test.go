package store

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
)

func TestClaimKey(t *testing.T) {
	s := openTest(t, testPath(t))
	const ttl = 10 * time.Minute
	steps := []struct {
		name string
		key  string
		at   time.Duration // after t0
		want bool
	}{
		{"OKFirst", "p1:approve", 0, true},
		{"OKRepeat", "p1:approve", time.Minute, false},
		{"OKOtherKey", "p1:merge", time.Minute, true},
		{"OKJustBeforeExpiry", "p1:approve", ttl - time.Nanosecond, false},
		{"OKAtExpiry", "p1:approve", ttl, true},
		{"OKRepeatAfterReclaim", "p1:approve", ttl + time.Minute, false},
		{"OKReclaimExpiresLater", "p1:approve", 2*ttl - time.Nanosecond, false},
		{"OKReclaimedAgain", "p1:approve", 2 * ttl, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := s.ClaimKey(st.key, ttl, t0.Add(st.at))
			if err != nil {
				t.Fatal(err)
			}
			if got != st.want {
				t.Errorf("ClaimKey(%q) at t0+%s = %v, want %v", st.key, st.at, got, st.want)
			}
		})
	}
	t.Run("ErrEmptyKey", func(t *testing.T) {
		_, err := s.ClaimKey("", ttl, t0)
		wantCode(t, err, fault.CodeInvalid)
	})
	t.Run("ErrZeroTTL", func(t *testing.T) {
		_, err := s.ClaimKey("k", 0, t0)
		wantCode(t, err, fault.CodeInvalid)
	})
}

func TestPurgeExpiredKeys(t *testing.T) {
	s := openTest(t, testPath(t))
	for _, k := range []struct {
		key string
		ttl time.Duration
	}{{"a", time.Minute}, {"b", 2 * time.Minute}, {"c", time.Hour}} {
		if _, err := s.ClaimKey(k.key, k.ttl, t0); err != nil {
			t.Fatal(err)
		}
	}
	// Reclaiming "a" later moves its expiry past the first purge.
	if ok, err := s.ClaimKey("a", time.Hour, t0.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("reclaim a = %v, %v", ok, err)
	}
	steps := []struct {
		name         string
		at           time.Duration
		purged, left int
	}{
		{"OKNothingYet", time.Second, 0, 3},
		{"OKExpiredAtNow", 2 * time.Minute, 1, 2}, // b
		{"OKAgain", 2 * time.Minute, 0, 2},
		{"OKRest", 2 * time.Hour, 2, 0}, // a (reclaimed), c
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			now := t0.Add(st.at)
			n, err := s.PurgeExpiredKeys(now)
			if err != nil {
				t.Fatal(err)
			}
			if n != st.purged {
				t.Errorf("PurgeExpiredKeys(t0+%s) = %d, want %d", st.at, n, st.purged)
			}
			assertKeyCount(t, s, st.left)
		})
	}
}

// assertKeyCount checks both de-duplication buckets hold want entries.
func assertKeyCount(t *testing.T, s *Store, want int) {
	t.Helper()
	err := s.View(func(tx *Tx) error {
		for _, name := range [][]byte{bucketDedup, bucketDedupExpiry} {
			if got := tx.tx.Bucket(name).Stats().KeyN; got != want {
				t.Errorf("bucket %s has %d keys, want %d", name, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReleaseKey(t *testing.T) {
	s := openTest(t, testPath(t))
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	t.Run("OK", func(t *testing.T) {
		if fresh, err := s.ClaimKey("slack-command:U1:promote:api:v1:production", time.Minute, now); err != nil || !fresh {
			t.Fatalf("first claim = %v, %v", fresh, err)
		}
		if err := s.ReleaseKey("slack-command:U1:promote:api:v1:production"); err != nil {
			t.Fatal(err)
		}
		if fresh, err := s.ClaimKey("slack-command:U1:promote:api:v1:production", time.Minute, now.Add(time.Second)); err != nil || !fresh {
			t.Errorf("claim after release = %v, %v; want fresh", fresh, err)
		}
		if n, err := s.PurgeExpiredKeys(now.Add(2 * time.Minute)); err != nil || n != 1 {
			t.Errorf("purge = %d, %v; want the one live claim, no orphaned expiry", n, err)
		}
	})
	t.Run("OKNotClaimed", func(t *testing.T) {
		if err := s.ReleaseKey("never-claimed"); err != nil {
			t.Errorf("release of a free key = %v", err)
		}
	})
}
