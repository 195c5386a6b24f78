package deploy

import (
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

// clock builds a ClockTime from hours and minutes.
func clock(h, m int) config.ClockTime { return config.ClockTime(h*60 + m) }

func TestFreezeEnd(t *testing.T) {
	london := mustLocation(t, "Europe/London")
	newYork := mustLocation(t, "America/New_York")
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	friday := config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(15, 0), To: clock(23, 59), Location: london, Reason: "no Friday deploys"}
	sunday := func(from, to config.ClockTime) config.FreezeWindow {
		return config.FreezeWindow{Days: []time.Weekday{time.Sunday}, From: from, To: to, Location: london}
	}
	nySunday := func(from, to config.ClockTime) config.FreezeWindow {
		return config.FreezeWindow{Days: []time.Weekday{time.Sunday}, From: from, To: to, Location: newYork}
	}
	holidays := config.FreezeWindow{Start: utc(2026, 12, 22, 0, 0), End: utc(2027, 1, 4, 0, 0), Reason: "holidays"}
	tests := []struct {
		name    string
		w       config.FreezeWindow
		now     time.Time
		wantEnd time.Time // zero: not frozen
	}{
		// 2026-03-06 and 2026-07-03 are Fridays; London is on GMT, then BST.
		{"BeforeFrom", friday, time.Date(2026, 3, 6, 14, 59, 59, 999999999, time.UTC), time.Time{}},
		{"AtFrom", friday, utc(2026, 3, 6, 15, 0), utc(2026, 3, 7, 0, 0)},
		{"LastMinute", friday, time.Date(2026, 3, 6, 23, 59, 59, 999999999, time.UTC), utc(2026, 3, 7, 0, 0)},
		{"AfterTo", friday, utc(2026, 3, 7, 0, 0), time.Time{}},
		{"OtherDay", friday, utc(2026, 3, 5, 16, 0), time.Time{}},
		{"SummerBeforeFrom", friday, utc(2026, 7, 3, 13, 59), time.Time{}},
		{"SummerFrom", friday, utc(2026, 7, 3, 14, 0), utc(2026, 7, 3, 23, 0)},
		{"SummerLastMinute", friday, utc(2026, 7, 3, 22, 59), utc(2026, 7, 3, 23, 0)},
		{"SummerAfterTo", friday, utc(2026, 7, 3, 23, 0), time.Time{}},
		{"NowInOtherZone", friday, time.Date(2026, 7, 3, 10, 30, 0, 0, newYork), utc(2026, 7, 3, 23, 0)},
		{"NilLocationIsUTC", config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(15, 0), To: clock(23, 59)},
			utc(2026, 7, 3, 14, 30), time.Time{}},
		{"NilLocationIsUTCFrozen", config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(15, 0), To: clock(23, 59)},
			utc(2026, 7, 3, 15, 30), utc(2026, 7, 4, 0, 0)},
		{"OneMinute", config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(12, 0), To: clock(12, 0)},
			utc(2026, 3, 6, 12, 0), utc(2026, 3, 6, 12, 1)},
		{"PastMidnight", config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(22, 0), To: clock(5, 59)},
			utc(2026, 3, 7, 3, 0), utc(2026, 3, 7, 6, 0)},
		{"PastMidnightNotNextDay", config.FreezeWindow{Days: []time.Weekday{time.Friday}, From: clock(22, 0), To: clock(5, 59)},
			utc(2026, 3, 7, 22, 30), time.Time{}},
		// Spring forward, Sunday 2026-03-29: 01:00 GMT becomes 02:00 BST (01:00Z).
		{"SpringWholeDayShort", sunday(clock(0, 0), clock(23, 59)), utc(2026, 3, 29, 22, 59), utc(2026, 3, 29, 23, 0)},
		{"SpringWholeDayEnded", sunday(clock(0, 0), clock(23, 59)), utc(2026, 3, 29, 23, 0), time.Time{}},
		{"SpringEndSkipped", sunday(clock(0, 30), clock(1, 29)), utc(2026, 3, 29, 0, 45), utc(2026, 3, 29, 1, 0)},
		{"SpringEndSkippedEnded", sunday(clock(0, 30), clock(1, 29)), utc(2026, 3, 29, 1, 0), time.Time{}},
		{"SpringStartSkippedBefore", sunday(clock(1, 30), clock(2, 59)), utc(2026, 3, 29, 0, 59), time.Time{}},
		{"SpringStartSkipped", sunday(clock(1, 30), clock(2, 59)), utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 2, 0)},
		{"SpringInsideGap", sunday(clock(1, 0), clock(1, 59)), utc(2026, 3, 29, 1, 0), time.Time{}},
		// Fall back, Sunday 2026-10-25: 02:00 BST becomes 01:00 GMT (01:00Z).
		{"FallWholeDayStartsInBST", sunday(clock(0, 0), clock(23, 59)), utc(2026, 10, 24, 23, 0), utc(2026, 10, 26, 0, 0)},
		{"FallWholeDayLong", sunday(clock(0, 0), clock(23, 59)), utc(2026, 10, 25, 23, 59), utc(2026, 10, 26, 0, 0)},
		{"FallStartRepeatedFirst", sunday(clock(1, 30), clock(3, 0)), utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3, 1)},
		{"FallStartRepeatedBefore", sunday(clock(1, 30), clock(3, 0)), utc(2026, 10, 25, 0, 29), time.Time{}},
		{"FallEndRepeatedFirstPass", sunday(clock(0, 0), clock(1, 29)), utc(2026, 10, 25, 0, 15), utc(2026, 10, 25, 0, 30)},
		{"FallEndRepeatedSecondPass", sunday(clock(0, 0), clock(1, 29)), utc(2026, 10, 25, 1, 15), time.Time{}},
		// New York, where Go resolves skipped and repeated times the other
		// way round: spring forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z),
		// fall back 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
		{"NYStartSkippedBefore", nySunday(clock(2, 30), clock(3, 59)), utc(2026, 3, 8, 6, 59), time.Time{}},
		{"NYStartSkipped", nySunday(clock(2, 30), clock(3, 59)), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 8, 0)},
		{"NYEndSkipped", nySunday(clock(1, 0), clock(2, 29)), utc(2026, 3, 8, 6, 59), utc(2026, 3, 8, 7, 0)},
		{"NYEndRepeatedFirstPass", nySunday(clock(0, 0), clock(1, 29)), utc(2026, 11, 1, 5, 15), utc(2026, 11, 1, 5, 30)},
		{"NYEndRepeatedSecondPass", nySunday(clock(0, 0), clock(1, 29)), utc(2026, 11, 1, 6, 15), time.Time{}},
		{"NYStartRepeatedFirst", nySunday(clock(1, 30), clock(2, 59)), utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 8, 0)},
		{"AbsoluteBefore", holidays, time.Date(2026, 12, 21, 23, 59, 59, 999999999, time.UTC), time.Time{}},
		{"AbsoluteStart", holidays, utc(2026, 12, 22, 0, 0), utc(2027, 1, 4, 0, 0)},
		{"AbsoluteLastInstant", holidays, time.Date(2027, 1, 3, 23, 59, 59, 999999999, time.UTC), utc(2027, 1, 4, 0, 0)},
		{"AbsoluteEnd", holidays, utc(2027, 1, 4, 0, 0), time.Time{}},
		{"AbsoluteNoEnd", config.FreezeWindow{Start: utc(2026, 1, 1, 0, 0)}, utc(2026, 6, 1, 0, 0), time.Time{}},
		{"Empty", config.FreezeWindow{}, utc(2026, 6, 1, 0, 0), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, ok := FreezeEnd(tt.w, tt.now)
			if ok != !tt.wantEnd.IsZero() {
				t.Fatalf("FreezeEnd(%v) frozen = %v, want %v (end %v)", tt.now, ok, !ok, end)
			}
			if !end.Equal(tt.wantEnd) {
				t.Errorf("FreezeEnd(%v) = %v, want %v", tt.now, end.UTC(), tt.wantEnd)
			}
		})
	}
}

func TestCheckFreeze(t *testing.T) {
	london := mustLocation(t, "Europe/London")
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	days := func(ds ...time.Weekday) []time.Weekday { return ds }
	friday := config.FreezeWindow{Days: days(time.Friday), From: clock(15, 0), To: clock(23, 59), Location: london, Reason: "no Friday deploys"}
	party := config.FreezeWindow{Days: days(time.Friday), From: clock(18, 0), To: clock(20, 59), Location: london, Reason: "party"}
	weekend := config.FreezeWindow{Days: days(time.Saturday, time.Sunday), From: clock(0, 0), To: clock(23, 59), Location: london, Reason: "weekend"}
	holidays := config.FreezeWindow{Start: utc(2026, 12, 22, 0, 0), End: utc(2027, 1, 4, 0, 0), Reason: "holidays"}
	migration := config.FreezeWindow{Start: utc(2026, 3, 6, 20, 0), End: utc(2026, 3, 8, 12, 0)}
	always := config.FreezeWindow{Days: days(0, 1, 2, 3, 4, 5, 6), From: clock(0, 0), To: clock(23, 59), Reason: "closed"}
	const prefix = "Can't promote to production: production is frozen until "
	tests := []struct {
		name    string
		windows []config.FreezeWindow
		now     time.Time
		want    gateResult
	}{
		{"OKNoWindows", nil, utc(2026, 3, 6, 16, 0), gateResult{}},
		{"OKOutside", []config.FreezeWindow{friday, holidays}, utc(2026, 3, 6, 14, 0), gateResult{}},
		{"ErrFrozen", []config.FreezeWindow{friday}, utc(2026, 3, 6, 16, 0), gateResult{fault.CodeBlocked,
			prefix + `Fri 23:59 Europe/London ("no Friday deploys").`}},
		{"ErrFrozenSummer", []config.FreezeWindow{friday}, utc(2026, 7, 3, 22, 59), gateResult{fault.CodeBlocked,
			prefix + `Fri 23:59 Europe/London ("no Friday deploys").`}},
		{"ErrAbsolute", []config.FreezeWindow{friday, holidays}, utc(2026, 12, 23, 9, 0), gateResult{fault.CodeBlocked,
			prefix + `Mon 4 Jan 2027 00:00 UTC ("holidays").`}},
		{"ErrNoReason", []config.FreezeWindow{migration}, utc(2026, 3, 7, 9, 0), gateResult{fault.CodeBlocked,
			prefix + `Sun 12:00 UTC.`}},
		{"ErrOverlapLatestWins", []config.FreezeWindow{party, friday}, utc(2026, 3, 6, 19, 0), gateResult{fault.CodeBlocked,
			prefix + `Fri 23:59 Europe/London ("no Friday deploys").`}},
		{"ErrChainedIntoWeekend", []config.FreezeWindow{friday, weekend}, utc(2026, 3, 6, 16, 0), gateResult{fault.CodeBlocked,
			prefix + `Sun 23:59 Europe/London ("no Friday deploys").`}},
		{"ErrChainedIntoAbsolute", []config.FreezeWindow{friday, migration}, utc(2026, 3, 6, 16, 0), gateResult{fault.CodeBlocked,
			prefix + `Sun 12:00 UTC ("no Friday deploys").`}},
		{"ErrAbsoluteOverRecurring", []config.FreezeWindow{friday, migration}, utc(2026, 3, 6, 21, 0), gateResult{fault.CodeBlocked,
			prefix + `Sun 12:00 UTC.`}},
		{"ErrAlwaysStopsChaining", []config.FreezeWindow{always}, utc(2026, 3, 4, 12, 0), gateResult{fault.CodeBlocked,
			prefix + `at least Sun 5 Apr 23:59 UTC ("closed").`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := config.Environment{Name: "production", Freeze: tt.windows}
			if diff := cmp.Diff(tt.want, gateOutcome(t, CheckFreeze(env, tt.now))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
