package deploy

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
)

// lockOnlyRepo and lockOnlyStore satisfy New's "needs a Repo and a Store"
// for tests that only take promotion locks; any other call panics.
type (
	lockOnlyRepo  struct{ Repo }
	lockOnlyStore struct{ Store }
)

// newLockEngine returns an Engine built by New whose only usable part is
// lockPromotion.
func newLockEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(Options{Config: &config.Config{}, Repo: lockOnlyRepo{}, Store: lockOnlyStore{}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// heldLocks returns how many promotion IDs the engine keeps a lock for.
func heldLocks(e *Engine) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.locks)
}

func TestLockPromotion(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Many promotions, several callers each: every caller of one ID runs
		// alone, and once all are done the engine keeps no lock at all.
		e := newLockEngine(t)
		const ids, callers, rounds = 50, 8, 20
		holders := make([]atomic.Int32, ids)
		var overlaps atomic.Int32
		var wg sync.WaitGroup
		for i := range ids {
			for range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range rounds {
						unlock := e.lockPromotion(fmt.Sprintf("p%d", i))
						if holders[i].Add(1) != 1 {
							overlaps.Add(1)
						}
						runtime.Gosched() // let another caller try to get in
						holders[i].Add(-1)
						unlock()
					}
				}()
			}
		}
		wg.Wait()
		if n := overlaps.Load(); n != 0 {
			t.Errorf("%d times two callers held the same promotion's lock at once", n)
		}
		if n := heldLocks(e); n != 0 {
			t.Errorf("after every caller unlocked, the engine still keeps %d promotion locks, want 0 (locks must be freed by their last holder)", n)
		}
	})
	t.Run("SecondHolderWaits", func(t *testing.T) {
		e := newLockEngine(t)
		unlockA := e.lockPromotion("p1")
		if n := heldLocks(e); n != 1 {
			t.Fatalf("while p1 is held, the engine keeps %d locks, want 1", n)
		}
		// Another promotion is not held up by p1.
		e.lockPromotion("p2")()

		acquired := make(chan func())
		go func() { acquired <- e.lockPromotion("p1") }()
		select {
		case unlockB := <-acquired:
			unlockB()
			t.Fatal("a second caller got p1's lock while the first still held it")
		case <-time.After(50 * time.Millisecond):
		}
		unlockA()
		var unlockB func()
		select {
		case unlockB = <-acquired:
		case <-time.After(5 * time.Second):
			t.Fatal("the waiting caller did not get p1's lock after the first unlocked")
		}
		if n := heldLocks(e); n != 1 {
			t.Errorf("while the second caller holds p1, the engine keeps %d locks, want 1", n)
		}
		unlockB()
		if n := heldLocks(e); n != 0 {
			t.Errorf("after both callers unlocked, the engine keeps %d locks, want 0", n)
		}
	})
}
