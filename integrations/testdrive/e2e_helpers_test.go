package testdrive_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/bot/slackfake"
	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
	"github.com/deploybot/deploybot/integrations/standins"
	"github.com/deploybot/deploybot/integrations/testdrive"
)

// e2eWatch is production's watch window in the end-to-end tests.
const e2eWatch = 8 * time.Second

// e2e is one end-to-end world: the stand-ins and the real serve.
type e2e struct {
	t   *testing.T
	ctx context.Context
	d   *testdrive.Drive
	s   *testdrive.Story
	log string // serve's log file
}

// newE2E starts the stand-ins (adjusted by opts) and serve on them; both
// stop at the end of the test. A failed test shows serve's log tail.
func newE2E(t *testing.T, opts standins.Options) *e2e {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: starts serve and the stand-ins")
	}
	t.Parallel() // each world has its own ports, directory and store
	dir := t.TempDir()
	opts.Dir = dir
	opts.GitHubCheck = openapicheck.Check
	if opts.Watch == 0 {
		opts.Watch = e2eWatch
	}
	logPath := filepath.Join(dir, "serve.log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := testdrive.NewDrive(ctx, opts, logger, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	w := &e2e{t: t, ctx: ctx, d: d, log: logPath, s: &testdrive.Story{D: d, Log: io.Discard, Start: time.Now()}}
	t.Cleanup(func() {
		d.Close()
		d.SI.GitHub.ReportViolations(t)
		if t.Failed() {
			t.Log(testdrive.WithLogTail(errTail{}, logPath))
		}
	})
	w.must(d.Start(ctx))
	return w
}

// errTail is the error withLogTail decorates when a test failed.
type errTail struct{}

func (errTail) Error() string { return "test failed" }

// must fails the test on err.
func (w *e2e) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// slash runs a slash command as person and returns the envelope ID.
func (w *e2e) slash(person, line string) string {
	w.t.Helper()
	id, err := w.d.Slash(person, line)
	w.must(err)
	return id
}

// ephemeral waits for an ephemeral reply to person containing s.
func (w *e2e) ephemeral(person, s string) slackfake.Message {
	w.t.Helper()
	var got slackfake.Message
	w.must(testdrive.Within(w.ctx, "an ephemeral reply to "+person+" containing "+s, testdrive.StepTimeout, func() bool {
		for _, m := range w.d.SI.Slack.Ephemerals(testdrive.People[person]) {
			if testdrive.Shows(m, s) {
				got = m
				return true
			}
		}
		return false
	}))
	return got
}

// visible counts the channel's messages everyone sees (top level and
// thread replies).
func (w *e2e) visible() int {
	n := 0
	for _, m := range w.d.SI.Slack.Messages(standins.Channel) {
		if m.VisibleTo == "" {
			n++
		}
	}
	return n
}

// wantPRs checks how many pull requests the GitOps repository has.
func (w *e2e) wantPRs(n int) {
	w.t.Helper()
	if got := len(w.d.PRs()); got != n {
		w.t.Errorf("%d pull requests, want %d", got, n)
	}
}

// wantShows waits for the channel message ts to show s.
func (w *e2e) wantShows(ts, s string) {
	w.t.Helper()
	w.must(testdrive.Within(w.ctx, "the announcement showing "+s, testdrive.StepTimeout, func() bool {
		return testdrive.Shows(w.d.Message(ts), s)
	}))
}

// count returns how many replies under ts contain s.
func (w *e2e) count(ts, s string) int {
	n := 0
	for _, r := range w.d.SI.Slack.Thread(standins.Channel, ts) {
		if r.TS != ts && strings.Contains(slackfake.RenderBlocks(r.Blocks)+r.Text, s) {
			n++
		}
	}
	return n
}
