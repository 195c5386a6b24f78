package serve

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/store"
)

// BenchmarkServeStartup measures serve's start-up to ready (store open
// and checked, Slack connected, GitHub and Argo CD answering) with 10,000
// finished and 100 unfinished promotions in the store, against the
// stand-ins: ns/op is one start-up. After the last start-up it measures
// the test process idle (serve with its 100 watches stepping every 10 s,
// plus the three stand-ins, so an upper bound for serve): 3 s after ready,
// its RSS (idle-RSS-MiB) and its CPU over 10 s (idle-CPU-%, of one core).
// Run it with
//
//	go test ./integrations/serve -run '^$' -bench ServeStartup -benchtime 5x
func BenchmarkServeStartup(b *testing.B) {
	cfgPath, storePath := writeConfig(b, b.TempDir())
	seedMany(b, storePath, 10000, 100)
	o := standIns(b, cfgPath, io.Discard)
	o.TickEvery = 0 // the default, as in production
	b.ResetTimer()
	for i := range b.N {
		b.StartTimer()
		_, stop := runServe(b, o)
		b.StopTimer()
		if i == b.N-1 {
			time.Sleep(3 * time.Second)
			cpu0 := cpuTime(b)
			time.Sleep(10 * time.Second)
			b.ReportMetric(100*((cpuTime(b)-cpu0)/10).Seconds(), "idle-CPU-%")
			b.ReportMetric(float64(rss(b))/1024, "idle-RSS-MiB")
		}
		if err := stop(); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(storePath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/1024, "store-KiB")
}

// seedMany writes finished and unfinished promotions into a new store.
func seedMany(t testing.TB, path string, finished, unfinished int) {
	t.Helper()
	s, err := store.Open(store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	services, envs := []string{"api", "checkout", "web"}, []string{"staging", "production"}
	err = s.Update(func(tx *store.Tx) error {
		for i := range finished + unfinished {
			p := deploy.Promotion{ID: fmt.Sprintf("p%07d", i), Kind: deploy.KindPromote,
				Service: services[i%3], Env: envs[i%2], Version: deploy.Version(fmt.Sprintf("v1.%d.0", i)),
				Requester: "U0123ABCD", State: deploy.StateSucceeded, CreatedAt: t0.Add(time.Duration(i) * time.Minute)}
			p.UpdatedAt, p.FinishedAt = p.CreatedAt, p.CreatedAt
			if i >= finished {
				p.State, p.FinishedAt = deploy.StateWatching, time.Time{}
				p.WatchUntil = time.Now().Add(time.Hour)
			}
			if err := tx.PutPromotion(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rss returns the process's resident set size in KiB, from VmRSS in
// /proc/self/status.
func rss(t testing.TB) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmRSS %q: %v", v, err)
			}
			return n
		}
	}
	t.Fatal("/proc/self/status has no VmRSS")
	return 0
}

// cpuTime returns the user and system CPU time the process used so far.
func cpuTime(t testing.TB) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
