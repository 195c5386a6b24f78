package deploy

import (
	"strings"
	"time"
)

// phaseRank orders the phases a rollout passes through; Failed is
// handled apart.
var phaseRank = map[RolloutPhase]int{PhasePending: 0, PhaseSyncing: 1, PhaseProgressing: 2, PhaseDeployed: 3}

// AssessRollouts judges one observation of each app a promotion merged
// into (a promotion of every service follows several) with
// AssessRollout, and returns the verdict for the promotion as a whole
// and the index in rs of the observation that decided it:
//
//   - any app Failed: PhaseFailed, with the first failed app's reason
//     (naming the app) and unhealthy resources;
//   - every app Deployed: PhaseDeployed, with every app's reason;
//   - otherwise the least advanced app's verdict (Pending before Syncing
//     before Progressing).
//
// With one observation it is AssessRollout. rs must not be empty.
func AssessRollouts(w WatchInput, rs []Rollout, now time.Time) (Verdict, int) {
	if len(rs) == 1 {
		return AssessRollout(w, rs[0], now), 0
	}
	vs := make([]Verdict, len(rs))
	least := -1
	for i, r := range rs {
		vs[i] = AssessRollout(w, r, now)
		vs[i].Reason = namingApp(r.App, vs[i].Reason)
		if vs[i].Phase == PhaseFailed {
			return vs[i], i
		}
		if least < 0 || phaseRank[vs[i].Phase] < phaseRank[vs[least].Phase] {
			least = i
		}
	}
	if vs[least].Phase != PhaseDeployed {
		return vs[least], least
	}
	reasons := make([]string, len(vs))
	for i, v := range vs {
		reasons[i] = v.Reason
	}
	return Verdict{Phase: PhaseDeployed, Reason: strings.Join(reasons, "; ")}, 0
}

// namingApp makes sure reason names app, prefixing "app: " when it
// does not.
func namingApp(app, reason string) string {
	if app == "" || strings.Contains(reason, app) {
		return reason
	}
	return app + ": " + reason
}
