package bot

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy"
)

// TestMeasureAckLatencyBurst sends 500 slash commands while every engine
// call takes 2 s, and reports the ack latency the server measured. An
// envelope is acked once its job is committed (fsynced) to the store, so
// this includes the commits: a burst shares them (see acceptLoop).
func TestMeasureAckLatencyBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	h := start(t, nil)
	h.engine.delay = 2 * time.Second
	const n = 500
	ids := make([]string, n)
	for i := range n {
		ids[i] = h.srv.SlashCommand(slackfake.SlashCommand{Command: "/promote",
			Text: fmt.Sprintf("api v9.1.%d prod", i), UserID: fmt.Sprintf("U0USER%03d", i), ChannelID: testChannel})
	}
	var lat []time.Duration
	for _, id := range ids {
		a, err := h.srv.WaitAck(testCtx(t), id)
		if err != nil {
			t.Fatal(err)
		}
		lat = append(lat, a.Latency)
	}
	slices.Sort(lat)
	p50, p99, worst := lat[n/2], lat[n*99/100], lat[n-1]
	t.Logf("ack latency over %d slash commands, engine 2 s per call: p50 %s, p99 %s, max %s", n, p50, p99, worst)
	if p99 > time.Second {
		t.Errorf("p99 ack latency = %s, want well under Slack's 3 s", p99)
	}
}

// TestMeasureAckLatencyOneByOne sends 50 slash commands one after the
// other, each once the last was acked, and reports the ack latency: one
// store commit each.
func TestMeasureAckLatencyOneByOne(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	h := start(t, nil)
	const n = 50
	var lat []time.Duration
	for i := range n {
		id := h.srv.SlashCommand(slackfake.SlashCommand{Command: "/promote",
			Text: fmt.Sprintf("api v9.1.%d prod", i), UserID: fmt.Sprintf("U0USER%03d", i), ChannelID: testChannel})
		a, err := h.srv.WaitAck(testCtx(t), id)
		if err != nil {
			t.Fatal(err)
		}
		lat = append(lat, a.Latency)
	}
	slices.Sort(lat)
	p50, p99 := lat[n/2], lat[n*99/100]
	t.Logf("ack latency over %d slash commands one by one: p50 %s, p99 %s", n, p50, p99)
	if p99 > time.Second {
		t.Errorf("p99 ack latency = %s, want well under Slack's 3 s", p99)
	}
}

// TestMeasureAPICallsPerPromotion drives Notify with the notices of one
// production promotion across its 30-minute watch, then of 50 at once,
// and reports the Slack API calls.
func TestMeasureAPICallsPerPromotion(t *testing.T) {
	for _, n := range []int{1, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			h := start(t, func(o *Options) { o.UpdateEvery = 3 * time.Second })
			refs := make([]deploy.MessageRef, n)
			for _, st := range noticeSequence() {
				h.clock.Advance(st.after)
				var wg sync.WaitGroup
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						nt := st.n
						nt.Promotion.ID = fmt.Sprintf("p%d", i)
						nt.Promotion.Slack = refs[i]
						ref, err := h.bot.Notify(testCtx(t), nt)
						if err != nil {
							t.Error(err)
						}
						refs[i] = ref
					}()
				}
				wg.Wait()
			}
			h.bot.Close()
			counts := map[string]int{}
			for _, c := range h.srv.Calls() {
				counts[c.Method]++
			}
			t.Logf("%d promotion(s): %s", n, formatCounts(counts))
			if got := len(h.srv.Messages(testChannel)); got != n {
				t.Errorf("announcements = %d, want %d", got, n)
			}
		})
	}
}

func formatCounts(m map[string]int) string {
	var keys []string
	total := 0
	for k, v := range m {
		keys = append(keys, k)
		total += v
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return fmt.Sprintf("%d calls (%s)", total, strings.Join(parts, ", "))
}
