package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/deploybot/deploybot/integrations/standins"
)

// serveStartTimeout bounds how long serve may take to come up (Ready and
// the Socket Mode connection) and to stop.
const serveStartTimeout = 15 * time.Second

// drive is the stand-ins with the real serve wiring pointed at them. The
// testdrive and the end-to-end tests share it; serve can be stopped and
// started again on the same store file and stand-ins, as a restart.
type drive struct {
	si     *standins.StandIns
	logger *slog.Logger
	tick   time.Duration

	cancel context.CancelFunc // of the running serve; nil when stopped
	done   chan error
	addr   string // serve's HTTP listener
}

// newDrive starts the stand-ins in o.Dir. It does not start serve. It
// returns the stand-ins' error.
func newDrive(ctx context.Context, o standins.Options, logger *slog.Logger, tick time.Duration) (*drive, error) {
	si, err := standins.Start(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("start the stand-ins: %w", err)
	}
	return &drive{si: si, logger: logger, tick: tick}, nil
}

// options returns the serveOptions that point serve at the stand-ins.
func (d *drive) options(ready func(string)) serveOptions {
	return serveOptions{Config: d.si.Config, Secrets: d.si.Secrets, Logger: d.logger, Clock: d.si.Clock,
		SlackAPIURL: d.si.Slack.APIURL(), GitHubHTTP: d.si.GitHub.Client(), TickEvery: d.tick,
		Listen: "127.0.0.1:0", Ready: ready}
}

// start runs serve in the background and waits until it is ready and
// connected to Slack. It returns an error when serve fails or is not up
// within serveStartTimeout; serve is stopped then.
func (d *drive) start(ctx context.Context) error {
	if d.cancel != nil {
		return errors.New("serve is already running")
	}
	sctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	d.cancel, d.done = cancel, make(chan error, 1)
	go func() { d.done <- serve(sctx, d.options(func(addr string) { ready <- addr })) }()
	wait, stop := context.WithTimeout(ctx, serveStartTimeout)
	defer stop()
	select {
	case d.addr = <-ready:
	case err := <-d.done:
		d.cancel, d.done = nil, nil
		cancel()
		return fmt.Errorf("serve stopped while starting: %w", err)
	case <-wait.Done():
		_ = d.stop()
		return fmt.Errorf("serve did not call Ready within %s", serveStartTimeout)
	}
	if err := d.si.Slack.WaitConnected(wait, 1); err != nil {
		_ = d.stop()
		return fmt.Errorf("serve did not connect to Slack (Socket Mode) within %s", serveStartTimeout)
	}
	return nil
}

// stop cancels serve and waits for it to return, as SIGTERM would. It
// returns serve's error, or one when it does not stop in time.
func (d *drive) stop() error {
	if d.cancel == nil {
		return nil
	}
	d.cancel()
	defer func() { d.cancel, d.done = nil, nil }()
	select {
	case err := <-d.done:
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	case <-time.After(serveStartTimeout):
		return fmt.Errorf("serve did not stop within %s of its context ending", serveStartTimeout)
	}
}

// close stops serve and the stand-ins.
func (d *drive) close() {
	_ = d.stop()
	d.si.Close()
}
