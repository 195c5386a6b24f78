package serve_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/integrations/serve"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// measureInFlight is how many promotions BenchmarkServeInFlight keeps in
// flight, one per extra service.
const measureInFlight = 50

// BenchmarkServeInFlight measures a serve process of its own (the built
// deploybot binary, run as a subprocess) against the stand-ins running in
// the benchmark's process, 52 services × 2 environments (api, web and 50
// generated), empty store. ns/op is the time from 50 /promote commands at
// once to 50 production promotions approved, merged and watched. It
// reports, sampling /proc/<pid>/status VmRSS every 0.5 s and
// /proc/<pid>/stat utime+stime:
//
//   - idle-RSS-MiB, idle-CPU-%: 30 s after ready, the highest RSS and the
//     CPU (of one core) over 20 s;
//   - planned-s: the time until all 50 are announced with open pull
//     requests;
//   - busy-RSS-MiB, busy-CPU-%, peak-MiB: with the 50 watches running,
//     the highest RSS and the CPU over 20 s, and VmHWM.
//
// Run it with (DEPLOYBOT_BIN may name a built binary; by default it builds
// one with CGO_ENABLED=0)
//
//	go test ./integrations/serve -run '^$' -bench ServeInFlight -benchtime 1x -timeout 30m
func BenchmarkServeInFlight(b *testing.B) {
	bin := os.Getenv("DEPLOYBOT_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "deploybot")
		build := exec.Command("go", "build", "-o", bin, "github.com/deploybot/deploybot/cmd/deploybot")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		r := inFlight(b, bin)
		b.ReportMetric(kibToMiB(r.idle.maxRSS), "idle-RSS-MiB")
		b.ReportMetric(100*r.idle.cpu, "idle-CPU-%")
		b.ReportMetric(r.planned.Seconds(), "planned-s")
		b.ReportMetric(kibToMiB(r.busy.maxRSS), "busy-RSS-MiB")
		b.ReportMetric(100*r.busy.cpu, "busy-CPU-%")
		b.ReportMetric(kibToMiB(r.busy.hwm), "peak-MiB")
	}
}

// inFlightResult is what one run of BenchmarkServeInFlight measured.
type inFlightResult struct {
	idle, busy procSample
	planned    time.Duration // from the commands to 50 open pull requests
}

// inFlight starts the stand-ins and the serve binary bin on them, samples
// it idle, sends the 50 promotions, approves them, waits until all are
// watched, and samples it again. The benchmark's timer runs from the
// commands to the 50 running watches.
func inFlight(b *testing.B, bin string) inFlightResult {
	ctx := context.Background()
	dir := b.TempDir()
	si, err := standins.Start(ctx, standins.Options{Dir: dir, Services: measureInFlight, Watch: 10 * time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	defer si.Close()
	cfg, err := os.ReadFile(si.ConfigPath)
	if err != nil {
		b.Fatal(err)
	}
	listen := serve.FreeAddr(b)
	cfgPath := filepath.Join(dir, "serve.yaml")
	cfg = append(cfg, fmt.Sprintf("server:\n  listen: %q\n", listen)...)
	if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
		b.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(bin, "serve", "--config", cfgPath)
	s := si.Secrets
	cmd.Env = append(os.Environ(), config.EnvSlackAppToken+"="+s.SlackAppToken.Reveal(),
		config.EnvSlackBotToken+"="+s.SlackBotToken.Reveal(), config.EnvGitHubToken+"="+s.GitHubToken.Reveal(),
		config.EnvArgoCDAuthToken+"="+s.ArgoCDAuthToken.Reveal())
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	pid := cmd.Process.Pid
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := si.Slack.WaitConnected(wait, 1); err != nil {
		b.Fatalf("serve did not connect to Slack: %v", err)
	}
	b.Logf("serve pid %d ready; %d extra services", pid, measureInFlight)

	var r inFlightResult
	time.Sleep(30 * time.Second)
	r.idle = sampleProc(b, pid, 20*time.Second)
	b.Logf("idle, 30s after ready: %s", r.idle)

	b.StartTimer()
	start := time.Now()
	for i := 1; i <= measureInFlight; i++ {
		si.Slack.SlashCommand(slackfake.SlashCommand{Command: "/promote", Text: standins.ServiceName(i) + " 2.0 prod",
			UserID: standins.Maria, UserName: "maria", ChannelID: standins.Channel, ChannelName: "deploys"})
	}
	approvable := func() []slackfake.Message {
		var out []slackfake.Message
		for _, m := range si.Slack.Messages(standins.Channel) {
			if _, ok := testdrive.Button(m, "approve"); ok && m.ThreadTS == "" && !m.Deleted {
				out = append(out, m)
			}
		}
		return out
	}
	openPRs := func() int { return len(si.GitHub.PRs(standins.GitOpsRepo)) }
	if err := testdrive.Within(ctx, "50 planned announcements and pull requests", 2*time.Minute, func() bool {
		return len(approvable()) == measureInFlight && openPRs() == measureInFlight
	}); err != nil {
		b.Fatalf("%v (announcements %d, PRs %d)", err, len(approvable()), openPRs())
	}
	r.planned = time.Since(start)
	b.Logf("50 planned with open PRs after %v; peak so far %s", r.planned.Round(time.Millisecond), procField(pid, "VmHWM"))
	for _, m := range approvable() {
		btn, _ := testdrive.Button(m, "approve")
		si.Slack.BlockAction(slackfake.BlockAction{UserID: standins.Sam, UserName: "sam", ChannelID: m.Channel,
			MessageTS: m.TS, ActionID: btn.ActionID, BlockID: btn.BlockID, Value: btn.Value})
	}
	merged := func() int {
		n := 0
		for _, p := range si.GitHub.PRs(standins.GitOpsRepo) {
			if p.Merged {
				n++
			}
		}
		return n
	}
	metrics := "http://" + listen + "/metrics"
	watching := fmt.Sprintf("deploybot_watches_running %d\n", measureInFlight)
	if err := testdrive.Within(ctx, "50 merged pull requests and 50 running watches", 3*time.Minute, func() bool {
		return merged() == measureInFlight && strings.Contains(serve.Fetch(b, metrics), watching)
	}); err != nil {
		b.Fatalf("%v (merged %d)", err, merged())
	}
	b.StopTimer()
	b.Logf("50 approved, merged and watched after %v; peak so far %s", time.Since(start).Round(time.Millisecond), procField(pid, "VmHWM"))
	// Let the rollouts (sync 1 s, progressing 2 s) finish; the watches go on for 10 minutes.
	time.Sleep(5 * time.Second)
	r.busy = sampleProc(b, pid, 20*time.Second)
	b.Logf("50 in flight (watching): %s", r.busy)
	if !strings.Contains(serve.Fetch(b, metrics), watching) {
		b.Errorf("watches no longer all running at the end of the sample")
	}
	return r
}

// procSample is RSS and CPU of a process over a period.
type procSample struct {
	minRSS, maxRSS, hwm int64 // KiB
	cpu                 float64
	over                time.Duration
}

func (p procSample) String() string {
	return fmt.Sprintf("RSS %.1f–%.1f MiB (peak since start %.1f MiB), CPU %.2f%% of one core over %s",
		float64(p.minRSS)/1024, float64(p.maxRSS)/1024, float64(p.hwm)/1024, 100*p.cpu, p.over)
}

// sampleProc samples pid's VmRSS every 500 ms and its utime+stime at both
// ends of d.
func sampleProc(t testing.TB, pid int, d time.Duration) procSample {
	t.Helper()
	s := procSample{minRSS: 1 << 62, over: d}
	t0, c0 := time.Now(), procCPU(t, pid)
	for time.Since(t0) < d {
		r := kib(procField(pid, "VmRSS"))
		s.minRSS, s.maxRSS = min(s.minRSS, r), max(s.maxRSS, r)
		time.Sleep(500 * time.Millisecond)
	}
	s.cpu = (procCPU(t, pid) - c0).Seconds() / time.Since(t0).Seconds()
	s.hwm = kib(procField(pid, "VmHWM"))
	return s
}

// procField returns a field of /proc/<pid>/status ("VmRSS"), as "123 kB".
func procField(pid int, name string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func kib(field string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(field, " kB"), 10, 64)
	return n
}

// procCPU returns pid's utime+stime from /proc/<pid>/stat (clock ticks of
// 10 ms, USER_HZ 100 on Linux).
func procCPU(t testing.TB, pid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64) // field 14 of stat
	st, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// kibToMiB converts KiB to MiB.
func kibToMiB(kib int64) float64 { return float64(kib) / 1024 }
