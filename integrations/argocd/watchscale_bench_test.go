package argocd

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestWatchScaleRequests checks the requests the README's Performance
// table promises of 10 concurrent watches: none at steady state (states
// arrive on the open streams, one per app per 3-minute reconcile), 1 Sync
// and 1 ResourceTree per app in a plain rollout, and 1 Get and 1 Watch
// per watch after every stream was cut.
func TestWatchScaleRequests(t *testing.T) {
	s := newScale(t, 10)
	t.Cleanup(s.watchAll(t))
	if st := s.steadyState(t); st.requests != 0 || st.states != 10*s.n {
		t.Errorf("steady state over %d simulated minutes: %d requests, %d states; want 0 requests, %d states",
			st.minutes, st.requests, st.states, 10*s.n)
	}
	calls, _ := s.rollOutAll(t)
	if diff := cmp.Diff(map[string]int{"Sync": s.n, "ResourceTree": s.n}, calls); diff != "" {
		t.Errorf("requests for rolling out all apps (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Get": s.n, "Watch": s.n}, s.cutAll(t)); diff != "" {
		t.Errorf("requests after every stream was cut (-want +got):\n%s", diff)
	}
}

// The README's Performance table quotes these benchmarks, run with
//
//	go test ./integrations/argocd -run '^$' -bench Watch -benchtime 3x

// benchWatches runs bench once for each number of concurrent watches.
func benchWatches(b *testing.B, bench func(b *testing.B, s *scale)) {
	for _, n := range []int{10, 50, 200} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { bench(b, newScale(b, n)) })
	}
}

// BenchmarkWatchConnect opens a watch of every app, until each stream is
// open and sent its first state. One op connects all n watches. It
// reports the goroutines and memory the n watches added in the first op
// (RSS is of the whole process, stand-in included).
func BenchmarkWatchConnect(b *testing.B) {
	benchWatches(b, func(b *testing.B, s *scale) {
		var before, after usage
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			s.reset()
			if i == 0 {
				before = sample()
			}
			b.StartTimer()
			stop := s.watchAll(b)
			b.StopTimer()
			if i == 0 {
				after = sample()
			}
			stop()
			b.StartTimer()
		}
		n := float64(s.n)
		b.ReportMetric(float64(after.client-before.client)/n, "client-goroutines/watch")
		b.ReportMetric(float64(after.server-before.server)/n, "standin-goroutines/watch")
		b.ReportMetric(mb(after.heap)-mb(before.heap), "heap-MB")
		b.ReportMetric(mb(after.rss)-mb(before.rss), "rss-MB")
	})
}

// BenchmarkWatchSteadyState runs 30 simulated minutes of healthy apps
// under n watches (one op), each app reconciled every 3 minutes, and
// reports the requests to the stand-in per simulated minute (the watches
// poll nothing), the states delivered per simulated minute and the
// slowest reconcile wave, from tick to its delivery to every watch.
func BenchmarkWatchSteadyState(b *testing.B) {
	benchWatches(b, func(b *testing.B, s *scale) {
		b.Cleanup(s.watchAll(b))
		var sum steady
		for b.Loop() {
			st := s.steadyState(b)
			sum.minutes += st.minutes
			sum.requests += st.requests
			sum.states += st.states
			sum.slowest = max(sum.slowest, st.slowest)
		}
		b.ReportMetric(float64(sum.requests)/float64(sum.minutes), "requests/sim-min")
		b.ReportMetric(float64(sum.states)/float64(sum.minutes), "states/sim-min")
		b.ReportMetric(float64(sum.slowest)/float64(time.Millisecond), "slowest-wave-ms")
	})
}

// BenchmarkWatchRolloutAll promotes all n watched apps at once (one op:
// one commit, a Sync of each, the rollout to Healthy) and reports the
// requests per op by method.
func BenchmarkWatchRolloutAll(b *testing.B) {
	benchWatches(b, func(b *testing.B, s *scale) {
		b.Cleanup(s.watchAll(b))
		sum := map[string]int{}
		states := 0
		for b.Loop() {
			calls, st := s.rollOutAll(b)
			for m, c := range calls {
				sum[m] += c
			}
			states += st
		}
		per := func(v int) float64 { return float64(v) / float64(b.N) }
		b.ReportMetric(per(sum["Sync"]), "Sync-requests/op")
		b.ReportMetric(per(sum["ResourceTree"]), "ResourceTree-requests/op")
		b.ReportMetric(per(sum["Get"]), "Get-requests/op")
		b.ReportMetric(per(states), "states/op")
	})
}

// BenchmarkWatchReconnect cuts every stream at once and waits until all n
// watches are back (one op; the first backoff is a jittered 0.5–1 s) and
// reports the requests per watch by method.
func BenchmarkWatchReconnect(b *testing.B) {
	benchWatches(b, func(b *testing.B, s *scale) {
		b.Cleanup(s.watchAll(b))
		sum := map[string]int{}
		for b.Loop() {
			for m, c := range s.cutAll(b) {
				sum[m] += c
			}
		}
		per := func(v int) float64 { return float64(v) / float64(b.N*s.n) }
		b.ReportMetric(per(sum["Get"]), "Get-requests/watch")
		b.ReportMetric(per(sum["Watch"]), "Watch-requests/watch")
	})
}

// BenchmarkWatchBurst fires 10 reconcile waves back to back (one op, which
// also waits a second with nothing delivered) and reports the share of
// their states that reached the n watches: each stream's server-side
// buffer holds 1,000 events and drops the rest, as in Argo CD.
func BenchmarkWatchBurst(b *testing.B) {
	benchWatches(b, func(b *testing.B, s *scale) {
		b.Cleanup(s.watchAll(b))
		delivered := 0
		for b.Loop() {
			delivered += s.burst(b)
		}
		b.ReportMetric(100*float64(delivered)/float64(10*s.n*b.N), "delivered-%")
	})
}
