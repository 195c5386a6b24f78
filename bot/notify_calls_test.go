package bot

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

// TestAPICallsPerPromotion drives Notify with the notices of one
// production promotion across its 30-minute watch, then of 50 at once,
// and counts the Slack API calls: per promotion 1 announcement and 9
// thread lines (chat.postMessage) and 7 chat.update (the sync-started
// edit is coalesced into the next, 20 s later); plus 2 for the
// connection. The README quotes these numbers.
func TestAPICallsPerPromotion(t *testing.T) {
	for _, n := range []int{1, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			h := start(t, func(o *Options) { o.UpdateEvery = 3 * time.Second })
			got := notifyPromotions(t, h, n)
			want := map[string]int{"apps.connections.open": 1, "auth.test": 1,
				"chat.postMessage": 10 * n, "chat.update": 7 * n}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Slack API calls for %d promotion(s) (-want +got):\n%s", n, diff)
			}
			if got := len(h.srv.Messages(testChannel)); got != n {
				t.Errorf("announcements = %d, want %d", got, n)
			}
		})
	}
}

// BenchmarkNotifyPromotions drives Notify with the notices of n
// production promotions at once across their watch, on a fresh bot each
// op, and reports the Slack API calls per promotion (the connection's
// two not counted). One op is the whole sequence for n promotions, up to
// the last update sent.
//
//	go test ./bot -run '^$' -bench NotifyPromotions -benchtime 5x
func BenchmarkNotifyPromotions(b *testing.B) {
	for _, n := range []int{1, 50} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			counts := map[string]int{}
			for b.Loop() {
				b.StopTimer()
				h := start(b, func(o *Options) { o.UpdateEvery = 3 * time.Second })
				b.StartTimer()
				for m, c := range notifyPromotions(b, h, n) {
					counts[m] += c
				}
				b.StopTimer()
				h.stop(b)
				b.StartTimer()
			}
			per := func(method string) float64 { return float64(counts[method]) / float64(b.N*n) }
			b.ReportMetric(per("chat.postMessage")+per("chat.update"), "slack-calls/promotion")
			b.ReportMetric(per("chat.postMessage"), "chat.postMessage/promotion")
			b.ReportMetric(per("chat.update"), "chat.update/promotion")
		})
	}
}

// notifyPromotions sends h's bot the notices of noticeSequence for n
// promotions p0…p<n-1> at once, each step after the clock moved on,
// closes the bot (which sends the pending updates) and returns the Slack
// API calls the stand-in saw, by method.
func notifyPromotions(tb testing.TB, h *harness, n int) map[string]int {
	tb.Helper()
	refs := make([]deploy.MessageRef, n)
	for _, st := range noticeSequence() {
		h.clock.Advance(st.after)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				nt := st.n
				nt.Promotion.ID = fmt.Sprintf("p%d", i)
				nt.Promotion.Slack = refs[i]
				ref, err := h.bot.Notify(testCtx(tb), nt)
				if err != nil {
					tb.Error(err)
				}
				refs[i] = ref
			})
		}
		wg.Wait()
	}
	h.bot.Close()
	counts := map[string]int{}
	for _, c := range h.srv.Calls() {
		counts[c.Method]++
	}
	return counts
}
