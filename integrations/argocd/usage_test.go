package argocd

import (
	"bytes"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

// usage is what the process uses at one moment.
type usage struct {
	goroutines, client, server, other int
	heap, rss                         uint64
}

// sample counts goroutines (by whose stack they run: the stand-in's gRPC
// server, the client's gRPC connection and watches, or anything else) and
// reads the heap in use after a GC and the process's RSS.
func sample() usage {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	u := usage{goroutines: runtime.NumGoroutine(), heap: ms.HeapInuse, rss: rss()}
	var buf bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&buf, 2)
	for _, g := range strings.Split(buf.String(), "\n\n") {
		switch {
		case strings.Contains(g, "argocdfake") || strings.Contains(g, "http2Server") || strings.Contains(g, "grpc.(*Server)"):
			u.server++
		case strings.Contains(g, "integrations/argocd.(*Client)") || strings.Contains(g, "http2Client") ||
			strings.Contains(g, "grpc.newClientStream") || strings.Contains(g, "grpc.(*ClientConn)") || strings.Contains(g, "grpc.(*addrConn)") ||
			strings.Contains(g, "grpc.(*ccBalancerWrapper)") || strings.Contains(g, "grpcsync"):
			u.client++
		default:
			u.other++
		}
	}
	return u
}

// rss returns the process's resident set size from /proc, or 0.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }
