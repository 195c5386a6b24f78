package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestCheckInFlight(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 30, 0, 0, time.UTC)
	since := time.Date(2026, 3, 4, 14, 2, 0, 0, time.UTC)
	lock := func(service, env string) *Lock {
		return &Lock{Service: service, Env: env, PromotionID: "p-42", Holder: "U123", Since: since}
	}
	tests := []struct {
		name    string
		service string
		lock    *Lock
		now     time.Time
		want    gateResult
	}{
		{"OKNoLock", "api", nil, now, gateResult{}},
		{"OKOtherService", "api", lock("web", "production"), now, gateResult{}},
		{"OKOtherEnv", "api", lock("api", "staging"), now, gateResult{}},
		{"OKAllOtherEnv", "api", lock(AllServices, "staging"), now, gateResult{}},
		{"ErrLocked", "api", lock("api", "production"), now, gateResult{fault.CodeConflict,
			"api is already being promoted to production by <@U123> (promotion p-42, since 14:02 UTC). Wait for it or cancel it."}},
		{"ErrLockedSinceYesterday", "api", lock("api", "production"), now.Add(24 * time.Hour), gateResult{fault.CodeConflict,
			"api is already being promoted to production by <@U123> (promotion p-42, since Wed 14:02 UTC). Wait for it or cancel it."}},
		{"ErrLockedByAll", "api", lock(AllServices, "production"), now, gateResult{fault.CodeConflict,
			"All services are already being promoted to production by <@U123> (promotion p-42, since 14:02 UTC). Wait for it or cancel it."}},
		{"ErrAllLockedByOne", AllServices, lock("web", "production"), now, gateResult{fault.CodeConflict,
			"Can't promote all services: web is already being promoted to production by <@U123> (promotion p-42, since 14:02 UTC). Wait for it or cancel it."}},
		{"ErrAllLockedByAll", AllServices, lock(AllServices, "production"), now, gateResult{fault.CodeConflict,
			"All services are already being promoted to production by <@U123> (promotion p-42, since 14:02 UTC). Wait for it or cancel it."}},
		{"ErrLockedNoHolderNoSince", "api", &Lock{Service: "api", Env: "production", PromotionID: "p-7"}, now, gateResult{fault.CodeConflict,
			"api is already being promoted to production (promotion p-7). Wait for it or cancel it."}},
		{"ErrLockedCLIHolder", "api", &Lock{Service: "api", Env: "production", PromotionID: "p-7", Holder: "maria"}, now, gateResult{fault.CodeConflict,
			"api is already being promoted to production by maria (promotion p-7). Wait for it or cancel it."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gateOutcome(t, CheckInFlight(tt.service, "production", tt.lock, tt.now))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestInFlight(t *testing.T) {
	ps := []Promotion{
		{ID: "p-1", Service: "api", Env: "production", State: StateSucceeded},
		{ID: "p-2", Service: "api", Env: "staging", State: StatePROpen},
		{ID: "p-3", Service: "web", Env: "production", State: StateWatching},
		{ID: "p-4", Service: "api", Env: "production", State: StateCancelled},
		{ID: "p-5", Service: AllServices, Env: "qa", State: StateMerged},
		{ID: "p-6", Service: "checkout", Env: "production", State: StateFailed},
	}
	tests := []struct {
		name    string
		service string
		env     string
		want    string // ID, or "" for none
	}{
		{"OKNone", "api", "production", ""},
		{"OKOnlyFinal", "checkout", "production", ""},
		{"OKUnknownEnv", "api", "dev", ""},
		{"Found", "api", "staging", "p-2"},
		{"FoundWatching", "web", "production", "p-3"},
		{"AllFindsAny", AllServices, "production", "p-3"},
		{"AllBlocksEach", "checkout", "qa", "p-5"},
		{"AllBlocksAll", AllServices, "qa", "p-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if p := InFlight(ps, tt.service, tt.env); p != nil {
				got = p.ID
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("PointsIntoSlice", func(t *testing.T) {
		if p := InFlight(ps, "api", "staging"); p != &ps[1] {
			t.Errorf("InFlight returned %p, want &ps[1] %p", p, &ps[1])
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if p := InFlight(nil, "api", "staging"); p != nil {
			t.Errorf("InFlight(nil) = %+v", p)
		}
	})
}
