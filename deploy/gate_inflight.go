package deploy

import (
	"fmt"
	"time"

	"github.com/deploybot/deploybot/deploy/fault"
)

// CheckInFlight returns nil when lock does not stop a promotion of service
// into env: lock is nil, or is for another environment or another service.
// A lock for AllServices stops every service of its environment, and a
// promotion of AllServices is stopped by any lock there. Otherwise it
// returns a *Error with CodeConflict saying who holds the pair, with which
// promotion and since when (UTC, as the channel reads it relative to now).
func CheckInFlight(service, env string, lock *Lock, now time.Time) error {
	if lock == nil || lock.Env != env || !servicesOverlap(service, lock.Service) {
		return nil
	}
	subject := lock.Service + " is"
	if lock.Service == AllServices {
		subject = "All services are"
	}
	by := ""
	if lock.Holder != "" {
		by = " by " + slackMention(lock.Holder)
	}
	detail := "promotion " + lock.PromotionID
	if !lock.Since.IsZero() {
		detail += ", since " + humanTime(lock.Since, now, time.UTC, false)
	}
	msg := fmt.Sprintf("%s already being promoted to %s%s (%s). Wait for it or cancel it.",
		subject, env, by, detail)
	if service == AllServices && lock.Service != AllServices {
		msg = "Can't promote all services: " + msg
	}
	return &fault.Error{Code: fault.CodeConflict, Message: msg}
}

// InFlight returns the first promotion in ps that is not final and
// concerns service in env, counting AllServices as every service; nil when
// there is none. The result points into ps.
func InFlight(ps []Promotion, service, env string) *Promotion {
	for i := range ps {
		p := &ps[i]
		if p.Env == env && !p.State.Final() && servicesOverlap(service, p.Service) {
			return p
		}
	}
	return nil
}

// servicesOverlap reports whether promotions of services a and b touch a
// common service.
func servicesOverlap(a, b string) bool {
	return a == b || a == AllServices || b == AllServices
}
