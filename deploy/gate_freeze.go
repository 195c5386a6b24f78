package deploy

import (
	"slices"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// maxFreezeChain bounds how many back-to-back windows CheckFreeze follows
// to find when a freeze really ends.
const maxFreezeChain = 32

// CheckFreeze returns nil unless now falls in one of env's freeze windows.
// Then it returns a *Error with CodeBlocked naming the environment, the
// reason and when promotions are possible again, in the window's own time
// zone.
//
// When several windows apply, the one ending latest is reported, and the
// end is followed through windows that begin before it ends (Friday
// evening, then the weekend), so "until" is when the freeze really lifts.
// The reason is that of the window in force at now. After maxFreezeChain
// windows it gives up and says "until at least …".
func CheckFreeze(env config.Environment, now time.Time) error {
	first, end, ok := activeFreeze(env.Freeze, now)
	if !ok {
		return nil
	}
	last, until := first, ""
	for i := 0; ; i++ {
		next, nextEnd, ok := activeFreeze(env.Freeze, end)
		if !ok || !nextEnd.After(end) {
			break
		}
		if i == maxFreezeChain {
			until = "at least "
			break
		}
		last, end = next, nextEnd
	}
	reason := ""
	if first.Reason != "" {
		reason = ` ("` + first.Reason + `")`
	}
	return fault.Errorf(fault.CodeBlocked, "Can't promote to %s: %s is frozen until %s%s%s.",
		env.Name, env.Name, until, freezeUntil(last, end, now), reason)
}

// activeFreeze returns the window in force at t that ends latest, and its end.
func activeFreeze(ws []config.FreezeWindow, t time.Time) (config.FreezeWindow, time.Time, bool) {
	var best config.FreezeWindow
	var bestEnd time.Time
	found := false
	for _, w := range ws {
		if end, ok := FreezeEnd(w, t); ok && (!found || end.After(bestEnd)) {
			best, bestEnd, found = w, end, true
		}
	}
	return best, bestEnd, found
}

// freezeUntil renders when a freeze lifts as the config says it: a
// recurring window by its last frozen minute in its own zone ("Fri 23:59
// Europe/London" for `to: "23:59"`), an absolute one by its End.
func freezeUntil(w config.FreezeWindow, end, now time.Time) string {
	if w.Recurring() {
		return humanTime(end.Add(-time.Minute), now, w.Location, true)
	}
	return humanTime(end, now, end.Location(), true)
}

// FreezeEnd reports whether now falls within w and, if so, returns the
// first instant after now that w no longer covers. Recurring windows run
// from From to the end of the minute To on each of Days, in Location (UTC
// when nil); a To earlier than From runs past midnight into the next day
// (the config refuses those, but the rule is defined). Across clock changes
// a window starts and ends the first time the clock reads From and To+1
// minute, or the instant the clock jumps past them.
// Absolute windows cover [Start, End). A window with neither never applies.
// It returns the zero time and false when now is outside w.
func FreezeEnd(w config.FreezeWindow, now time.Time) (time.Time, bool) {
	if w.Recurring() {
		return recurringFreezeEnd(w, now)
	}
	if w.End.IsZero() || now.Before(w.Start) || !now.Before(w.End) {
		return time.Time{}, false
	}
	return w.End, true
}

// recurringFreezeEnd is FreezeEnd for a weekly window.
func recurringFreezeEnd(w config.FreezeWindow, now time.Time) (time.Time, bool) {
	loc := w.Location
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	var end time.Time
	// An occurrence containing now started yesterday (past midnight) or today.
	for back := 1; back >= 0; back-- {
		day := time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC) // a calendar date
		if !slices.Contains(w.Days, day.Weekday()) {
			continue
		}
		endDay := day
		if w.To < w.From {
			endDay = day.AddDate(0, 0, 1)
		}
		start := wallInstant(day, int(w.From), loc)
		stop := wallInstant(endDay, int(w.To)+1, loc)
		if !now.Before(start) && now.Before(stop) && stop.After(end) {
			end = stop
		}
	}
	return end, !end.IsZero()
}

// wallInstant returns the first instant at which loc's clocks read minute
// minutes after midnight of the calendar date day, or later. When clocks
// skip that time (spring forward) it is the instant they skip it; when they
// show it twice (fall back) it is the first time.
func wallInstant(day time.Time, minute int, loc *time.Location) time.Time {
	want := time.Date(day.Year(), day.Month(), day.Day(), 0, minute, 0, 0, time.UTC)
	t := time.Date(want.Year(), want.Month(), want.Day(), want.Hour(), want.Minute(), 0, 0, loc)
	start, end := t.ZoneBounds()
	switch got := wallClock(t); {
	case got.After(want): // skipped: t lies after the jump, which began its zone
		return start
	case got.Before(want): // skipped: t lies before the jump, which ends its zone
		return end
	}
	if start.IsZero() {
		return t
	}
	// Clocks that went back at start show want twice if the earlier zone was ahead.
	_, off := t.Zone()
	_, offBefore := start.Add(-time.Second).Zone()
	if offBefore > off {
		alt := t.Add(-time.Duration(offBefore-off) * time.Second)
		if alt.Before(start) && wallClock(alt).Equal(want) {
			return alt
		}
	}
	return t
}

// wallClock returns the reading of t's clock as a UTC time, to compare wall
// times across zones and offsets.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
