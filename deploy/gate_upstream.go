package deploy

import (
	"fmt"
	"strings"
	"time"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// Argo CD statuses the upstream gate requires.
const (
	syncStatusSynced = "Synced"
	healthHealthy    = "Healthy"
)

// UpstreamCheck is what CheckUpstream needs to decide whether a version was
// validated in the environment a promotion must pass through first.
type UpstreamCheck struct {
	Service string
	Pattern config.VersionPattern // the service's version pattern, for comparing Want and Running
	Env     config.Environment    // the target environment
	// Upstream names the environment Env.After refers to (canonical name);
	// Env.After is used when empty.
	Upstream string
	Want     Version // the version to promote
	Running  Version // the version the upstream's GitOps files hold
	Rollout  Rollout // the upstream's Argo CD application
	// FileRevision is the commit Running was read at; optional. When both
	// it and Rollout.SyncedRevision are known they must agree, or Argo CD
	// has not yet synced what the files say.
	FileRevision string
	HealthySince time.Time // since when the upstream app has been Healthy; zero if unknown
	Now          time.Time
}

// CheckUpstream returns the Evidence that in.Want was validated upstream:
// the upstream runs it, its Argo CD app is Synced (at FileRevision, when
// given) and Healthy (versions compare as SameVersion does), and has been healthy for at least in.Env.Soak. When
// in.Env has no upstream it returns a zero Evidence and nil. Otherwise it
// returns a *Error with CodeBlocked naming the first check that failed.
func CheckUpstream(in UpstreamCheck) (Evidence, error) {
	if in.Env.After == "" {
		return Evidence{}, nil
	}
	up := in.Upstream
	if up == "" {
		up = in.Env.After
	}
	fail := func(format string, args ...any) (Evidence, error) {
		msg := fmt.Sprintf("Can't promote %s to %s: ", in.Service, in.Env.Name)
		return Evidence{}, &fault.Error{Code: fault.CodeBlocked, Message: msg + fmt.Sprintf(format, args...)}
	}
	if !SameVersion(in.Pattern, in.Running, in.Want) {
		if in.Running == "" {
			return fail("deploybot can't tell which version of %s %s runs.\nPromote %s to %s first.",
				in.Service, up, in.Want, up)
		}
		return fail("%s runs %s, not %s.\nPromote %s to %s first, or run /promote %s %s %s.",
			up, in.Running, in.Want, in.Want, up, in.Service, in.Running, in.Env.Name)
	}
	app := upstreamApp(up, in.Rollout.App)
	if s := orUnknown(in.Rollout.SyncStatus); s != syncStatusSynced {
		return fail("%s is %s, not Synced, so it may not run what its files say.\nWait for it to sync, then try again.",
			app, s)
	}
	if !sameRevision(in.FileRevision, in.Rollout.SyncedRevision) {
		return fail("%s is synced at %s, but %s was read at %s; Argo CD has not caught up yet.\nTry again in a minute.",
			app, shortSHA(in.Rollout.SyncedRevision), in.Running, shortSHA(in.FileRevision))
	}
	if h := orUnknown(in.Rollout.Health); h != healthHealthy {
		return fail("%s is %s, not Healthy%s.\nTry again once it is Healthy.", app, h, healthDetail(in.Rollout))
	}
	if err := checkSoak(in, app); err != nil {
		return Evidence{}, err
	}
	return upstreamEvidence(in, up), nil
}

// checkSoak returns a *Error with CodeBlocked unless the upstream app has
// been healthy for in.Env.Soak.
func checkSoak(in UpstreamCheck, app string) error {
	soak := in.Env.Soak
	if soak <= 0 {
		return nil
	}
	prefix := fmt.Sprintf("Can't promote %s to %s: ", in.Service, in.Env.Name)
	if in.HealthySince.IsZero() {
		return fault.Errorf(fault.CodeBlocked, "%s%s has no record of when it became healthy, and %s needs %s healthy there for %s.\nTry again in %s.",
			prefix, app, in.Env.Name, in.Want, humanDuration(soak), humanDuration(soak))
	}
	healthy := max(in.Now.Sub(in.HealthySince).Truncate(time.Second), 0)
	if healthy >= soak {
		return nil
	}
	return fault.Errorf(fault.CodeBlocked, "%s%s has been healthy for %s, needs %s; try again in %s.",
		prefix, app, humanDuration(healthy), humanDuration(soak), humanDuration(soak-healthy))
}

// upstreamEvidence records what the upstream showed when the gate passed.
func upstreamEvidence(in UpstreamCheck, up string) Evidence {
	rev := in.Rollout.SyncedRevision
	if rev == "" {
		rev = in.FileRevision
	}
	at := in.Rollout.ObservedAt
	if at.IsZero() {
		at = in.Now
	}
	return Evidence{Env: up, Version: in.Running, Revision: rev, HealthySince: in.HealthySince, ObservedAt: at}
}

// upstreamApp names the upstream's Argo CD app in a sentence.
func upstreamApp(env, app string) string {
	if app == "" {
		return env + "'s Argo CD app"
	}
	return env + "'s Argo CD app " + app
}

// healthDetail renders the app's health message, or its first unhealthy
// resource, as " (…)"; "" when there is neither.
func healthDetail(r Rollout) string {
	if r.HealthMessage != "" {
		return " (" + r.HealthMessage + ")"
	}
	if len(r.Unhealthy) > 0 {
		u := r.Unhealthy[0]
		d := u.Kind + "/" + u.Name + ": " + orUnknown(u.Health)
		if u.Message != "" {
			d += ", " + u.Message
		}
		return " (" + d + ")"
	}
	return ""
}

// sameRevision reports whether two commit SHAs, either possibly
// abbreviated, name the same commit; an unknown (empty) one matches anything.
func sameRevision(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	a, b = strings.ToLower(a), strings.ToLower(b)
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || len(a) >= 7 && strings.HasPrefix(b, a)
}

// shortSHA abbreviates a commit SHA to seven characters.
func shortSHA(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

// orUnknown returns s, or "Unknown" when s is empty.
func orUnknown(s string) string {
	if s == "" {
		return "Unknown"
	}
	return s
}
