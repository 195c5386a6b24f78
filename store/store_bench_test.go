package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/deploybot/deploybot/deploy"
)

// The benchmark store: benchPromotions promotions (DEPLOYBOT_BENCH_PROMOTIONS
// overrides it for a quick run) across benchServices × benchEnvs pairs,
// built once per test binary run, in benchBatch promotions per transaction.
const (
	benchServices = 200
	benchBatch    = 10_000
)

var benchEnvs = []string{"dev", "staging", "production", "production-eu"}

// benchFixture is the store shared by the benchmarks of one run.
type benchFixture struct {
	path  string
	n     int
	load  time.Duration
	size  int64
	store *Store
	err   error
}

var (
	benchOnce sync.Once
	bench     benchFixture
)

// TestMain removes the benchmark store after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench.store != nil {
		if err := bench.store.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "closing the benchmark store:", err)
			code = 1
		}
	}
	if bench.path != "" {
		if err := os.RemoveAll(filepath.Dir(bench.path)); err != nil {
			fmt.Fprintln(os.Stderr, "removing the benchmark store:", err)
		}
	}
	os.Exit(code)
}

// benchStore builds the benchmark store on first use (about 20 s and
// 1.2 GB for 1,000,000 promotions) and returns it open.
func benchStore(b *testing.B) *benchFixture {
	b.Helper()
	benchOnce.Do(func() { bench.err = bench.build() })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

func (f *benchFixture) build() error {
	f.n = 1_000_000
	if v := os.Getenv("DEPLOYBOT_BENCH_PROMOTIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("DEPLOYBOT_BENCH_PROMOTIONS: %w", err)
		}
		f.n = n
	}
	dir, err := os.MkdirTemp("", "deploybot-bench-")
	if err != nil {
		return err
	}
	f.path = filepath.Join(dir, "deploybot.db")
	start := time.Now()
	if err := load(f.path, f.n); err != nil {
		return err
	}
	f.load = time.Since(start)
	if f.store, err = Open(Options{Path: f.path}); err != nil {
		return err
	}
	fi, err := os.Stat(f.path)
	if err != nil {
		return err
	}
	f.size = fi.Size()
	return nil
}

// load writes n promotions in creation order, each to one of the pairs,
// through Tx.PutPromotion, with fsync off until the end.
func load(path string, n int) error {
	s, err := Open(Options{Path: path})
	if err != nil {
		return err
	}
	s.db.NoSync = true
	for first := 0; first < n; first += benchBatch {
		err := s.Update(func(tx *Tx) error {
			for i := first; i < min(first+benchBatch, n); i++ {
				if err := tx.PutPromotion(benchPromotion(i, n)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return closeAfter(s.db, err)
		}
	}
	s.db.NoSync = false
	if err := s.db.Sync(); err != nil {
		return closeAfter(s.db, err)
	}
	return s.Close()
}

// benchPromotion is the i-th of n promotions: a merged and watched one
// with the fields a real promotion carries, or, for the last promotion of
// each pair, one still in flight.
func benchPromotion(i, n int) deploy.Promotion {
	pairs := benchServices * len(benchEnvs)
	service := fmt.Sprintf("service-%03d", i%benchServices)
	env := benchEnvs[(i/benchServices)%len(benchEnvs)]
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 97 * time.Second)
	id := fmt.Sprintf("%s-%s-%07d", service, env, i)
	p := deploy.Promotion{
		ID: id, Kind: deploy.KindPromote, Service: service, Env: env,
		Version: deploy.Version(fmt.Sprintf("v%d.%d.%d", i%9, i%97, i%13)), PreviousVersion: "v1.2.3",
		Requester: "U0123ABCD", Reason: "weekly release", State: deploy.StateSucceeded,
		PR: deploy.PullRequest{Number: i, URL: fmt.Sprintf("https://github.com/acme/gitops/pull/%d", i),
			Branch: "deploybot/" + id, HeadSHA: "0123456789abcdef0123456789abcdef01234567",
			Title: fmt.Sprintf("Promote %s to %s", service, env)},
		MergeSHA:  "89abcdef0123456789abcdef0123456789abcdef",
		Approvals: []deploy.Approval{{By: "U0PLATFORM", At: at.Add(5 * time.Minute)}},
		Slack:     deploy.MessageRef{Channel: "C0123456789", TS: "1700000000.000100"},
		CreatedAt: at, UpdatedAt: at.Add(40 * time.Minute), MergedAt: at.Add(6 * time.Minute),
		HealthyAt: at.Add(9 * time.Minute), WatchUntil: at.Add(36 * time.Minute), FinishedAt: at.Add(40 * time.Minute),
	}
	if i >= n-pairs {
		p.State = deploy.StateWatching
	}
	return p
}

// openTimes is how long the parts of Open took.
type openTimes struct {
	bolt, walk, check time.Duration // bbolt's open, the walk, bbolt's Tx.Check
}

// openBreakdown times the parts of Open on path: bbolt's open, the walk
// and bbolt's check.
func openBreakdown(path string) (openTimes, error) {
	var ot openTimes
	start := time.Now()
	db, _, err := openBolt(path, time.Second, true)
	if err != nil {
		return ot, err
	}
	ot.bolt = time.Since(start)
	err = db.View(func(tx *bolt.Tx) error {
		start := time.Now()
		if err := walk(tx); err != nil {
			return err
		}
		ot.walk = time.Since(start)
		start = time.Now()
		err := boltCheck(tx)
		ot.check = time.Since(start)
		return err
	})
	return ot, closeAfter(db, err)
}

// BenchmarkOpen opens and closes the benchmark store; Open includes the
// full consistency check. It then times Open's parts once and reports
// them. The shared store is closed meanwhile (bbolt locks the file).
//
//	go test ./store -run '^$' -bench Open -benchtime 5x -timeout 30m
func BenchmarkOpen(b *testing.B) {
	f := benchStore(b)
	if err := f.store.Close(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		var err error
		if f.store, err = Open(Options{Path: f.path}); err != nil {
			b.Fatal(err)
		}
	}()
	for b.Loop() {
		s, err := Open(Options{Path: f.path})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	ot, err := openBreakdown(f.path)
	if err != nil {
		b.Fatal(err)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ot.bolt), "bbolt-open-ms")
	b.ReportMetric(ms(ot.walk), "walk-ms")
	b.ReportMetric(ms(ot.check), "tx-check-ms")
	b.ReportMetric(float64(f.n), "promotions")
	b.ReportMetric(float64(f.size), "file-bytes")
}

// BenchmarkLatestPromotions reads the newest 20 promotions of one
// service/environment pair after another; it also reports the store's
// size and how long loading it took.
//
//	go test ./store -run '^$' -bench . -benchtime 2000x -timeout 30m
func BenchmarkLatestPromotions(b *testing.B) {
	f := benchStore(b)
	got, err := f.store.LatestPromotions("service-007", "production", 20)
	if err != nil || len(got) != 20 || !got[0].CreatedAt.After(got[19].CreatedAt) {
		b.Fatalf("LatestPromotions = %d promotions, %v; want 20, newest first", len(got), err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		service := fmt.Sprintf("service-%03d", i%benchServices)
		if _, err := f.store.LatestPromotions(service, benchEnvs[i%len(benchEnvs)], 20); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(f.n), "promotions")
	b.ReportMetric(float64(f.size), "file-bytes")
	b.ReportMetric(f.load.Seconds(), "load-s")
}

// BenchmarkGetPromotion reads promotions by ID, spread over the store.
func BenchmarkGetPromotion(b *testing.B) {
	f := benchStore(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := f.store.GetPromotion(benchPromotion(i*7919%f.n, f.n).ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActivePromotions lists the unfinished promotions: one per
// service/environment pair.
func BenchmarkActivePromotions(b *testing.B) {
	f := benchStore(b)
	b.ReportAllocs()
	for b.Loop() {
		ps, err := f.store.ActivePromotions()
		if err != nil || len(ps) != min(f.n, benchServices*len(benchEnvs)) {
			b.Fatalf("ActivePromotions = %d, %v", len(ps), err)
		}
	}
}
