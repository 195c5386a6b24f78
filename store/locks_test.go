package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestLocks(t *testing.T) {
	s := openTest(t, testPath(t))
	held := deploy.Lock{Service: "api", Env: "production", PromotionID: "p1", Holder: "U1", Since: t0}
	if err := s.AcquireLock(held); err != nil {
		t.Fatalf("AcquireLock: %v", err)
	}
	tests := []struct {
		name    string
		do      func() error
		code    fault.Code
		message string
	}{
		{"OKIdempotent", func() error {
			again := held
			again.Since = t0.Add(time.Hour)
			return s.AcquireLock(again)
		}, "", ""},
		{"OKOtherPair", func() error {
			return s.AcquireLock(deploy.Lock{Service: "api", Env: "staging", PromotionID: "p2", Since: t0})
		}, "", ""},
		{"ErrLocked", func() error {
			return s.AcquireLock(deploy.Lock{Service: "api", Env: "production", PromotionID: "p3", Holder: "U3"})
		}, fault.CodeConflict, "api in production is locked by promotion p1 requested by U1 since 2026-03-02 10:00 UTC"},
		{"ErrReleaseByNonHolder", func() error { return s.ReleaseLock("api", "production", "p3") },
			fault.CodeConflict, "locked by promotion p1"},
		{"OKReleaseFree", func() error { return s.ReleaseLock("web", "production", "p1") }, "", ""},
		{"ErrEmptyPromotion", func() error { return s.AcquireLock(deploy.Lock{Service: "api", Env: "qa"}) },
			fault.CodeInvalid, "lock promotion ID is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			wantCode(t, err, tt.code)
			if tt.message != "" {
				wantMessage(t, err, tt.message)
			}
		})
	}
	t.Run("OKState", func(t *testing.T) {
		got, err := s.Locks()
		if err != nil {
			t.Fatal(err)
		}
		want := []deploy.Lock{held, {Service: "api", Env: "staging", PromotionID: "p2", Since: t0}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Locks (-want +got):\n%s", diff)
		}
	})
	t.Run("OKRelease", func(t *testing.T) {
		if err := s.ReleaseLock("api", "production", "p1"); err != nil {
			t.Fatal(err)
		}
		l, err := s.GetLock("api", "production")
		if err != nil || l != nil {
			t.Fatalf("GetLock after release = %v, %v; want nil, nil", l, err)
		}
		if err := s.AcquireLock(deploy.Lock{Service: "api", Env: "production", PromotionID: "p3"}); err != nil {
			t.Fatalf("AcquireLock after release: %v", err)
		}
		got, err := s.GetLock("api", "production")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&deploy.Lock{Service: "api", Env: "production", PromotionID: "p3"}, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("GetLock (-want +got):\n%s", diff)
		}
	})
}
