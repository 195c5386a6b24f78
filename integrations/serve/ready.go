package serve

import (
	"sync"
	"time"
)

// The dependencies /readyz reports, by the names it and the logs use.
const (
	depStore  = "store"
	depSlack  = "slack"
	depGitHub = "github"
	depArgoCD = "argocd"
)

// depStatus is what serve last learnt about one dependency, as /readyz
// shows it.
type depStatus struct {
	Name  string `json:"name"`
	Ready bool   `json:"ready"`
	// Reason says why it is not ready: what failed and how, never a
	// credential.
	Reason string `json:"reason,omitempty"`
	// Credential names the environment variable of a credential the
	// dependency refused.
	Credential string `json:"credential,omitempty"`
	// CheckedAt is when it was last checked (GitHub and Argo CD).
	CheckedAt time.Time `json:"checkedAt,omitzero"`
}

// readiness holds the last check of each dependency serve checks in the
// background (Slack, GitHub, Argo CD). The zero value knows nothing yet;
// it is safe for concurrent use.
type readiness struct {
	mu    sync.Mutex
	state map[string]depStatus
	up    map[string]bool // accepted deploybot's credential at least once
}

// ok records that name answered and accepted deploybot's credential. It
// reports whether name was failing before (not merely unchecked).
func (r *readiness) ok(name string, at time.Time) (recovered bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	prev, seen := r.state[name]
	r.state[name] = depStatus{Name: name, Ready: true, CheckedAt: at}
	r.up[name] = true
	return seen && !prev.Ready
}

// fail records that name is not ready, why, and the credential it
// refused ("" when it did not answer, or answered otherwise).
func (r *readiness) fail(name string, at time.Time, reason, credential string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	r.state[name] = depStatus{Name: name, Reason: reason, Credential: credential, CheckedAt: at}
}

// everUp reports whether name accepted deploybot's credential at least
// once since serve started.
func (r *readiness) everUp(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.up[name]
}

// status returns what is known about name; unknown is not ready, with
// pending as the reason.
func (r *readiness) status(name, pending string) depStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.state[name]; ok {
		return s
	}
	return depStatus{Name: name, Reason: pending}
}

func (r *readiness) init() {
	if r.state == nil {
		r.state, r.up = map[string]depStatus{}, map[string]bool{}
	}
}

// readyReport is the answer of /readyz: ready when every dependency is.
type readyReport struct {
	Ready        bool        `json:"ready"`
	Dependencies []depStatus `json:"dependencies"`
}

// report returns the state of the store, Slack, GitHub and Argo CD. Slack
// is ready while the bot is connected (asked of the bot, never of the
// network); the others as their last background check found them.
func (lc *lifecycle) report() readyReport {
	store := depStatus{Name: depStore, Ready: true}
	switch {
	case lc.stopping.Load():
		store = depStatus{Name: depStore, Reason: "serve is stopping"}
	case !lc.storeOpen.Load():
		store = depStatus{Name: depStore, Reason: "the store is not open"}
	}
	deps := []depStatus{store, lc.slackStatus()}
	for _, c := range lc.checks {
		deps = append(deps, lc.deps.status(c.name, "not checked yet"))
	}
	rep := readyReport{Ready: true, Dependencies: deps}
	for _, d := range deps {
		rep.Ready = rep.Ready && d.Ready
	}
	return rep
}

// slackStatus asks the bot whether it is connected, and otherwise says
// why the last attempt failed.
func (lc *lifecycle) slackStatus() depStatus {
	if lc.botRunning.Load() && lc.connected(time.Unix(0, lc.botStarted.Load())) {
		if lc.deps.ok(depSlack, time.Now()) {
			lc.log.Info("dependency available again", "dependency", depSlack)
		}
		return depStatus{Name: depSlack, Ready: true}
	}
	s := lc.deps.status(depSlack, "connecting: auth.test, then Socket Mode")
	if s.Ready { // connected before, silent now
		s = depStatus{Name: depSlack, Reason: "the Socket Mode connection is silent or reconnecting"}
	}
	return s
}

// isReady reports whether the store is open, shutdown has not started,
// Slack is connected and GitHub and Argo CD answered their last check.
func (lc *lifecycle) isReady() bool { return lc.report().Ready }
