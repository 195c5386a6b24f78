package testdrive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/deploybot/deploybot/integrations/serve"
	"github.com/deploybot/deploybot/integrations/standins"
)

// serveStartTimeout bounds how long serve may take to come up (Ready and
// the Socket Mode connection) and to stop.
const serveStartTimeout = 15 * time.Second

// Drive is the stand-ins with the real serve wiring pointed at them. The
// testdrive and the end-to-end tests share it; serve can be stopped and
// started again on the same store file and stand-ins, as a restart.
type Drive struct {
	SI     *standins.StandIns
	Logger *slog.Logger  // serve's logger
	Tick   time.Duration // serve's background loop interval

	cancel context.CancelFunc // of the running serve; nil when stopped
	done   chan error
	addr   string // serve's HTTP listener
}

// NewDrive starts the stand-ins in o.Dir for serve. It does not start
// serve. It returns the stand-ins' error.
func NewDrive(ctx context.Context, o standins.Options, logger *slog.Logger, tick time.Duration) (*Drive, error) {
	si, err := standins.Start(ctx, o)
	if err != nil {
		return nil, fmt.Errorf("start the stand-ins: %w", err)
	}
	return &Drive{SI: si, Logger: logger, Tick: tick}, nil
}

// serveOptions point serve at the stand-ins: their config and secrets,
// the shifted clock, the Slack and GitHub endpoints and the drive's tick;
// serve calls ready with its HTTP address once it is up.
func (d *Drive) serveOptions(ready func(httpAddr string)) serve.Options {
	return serve.Options{Config: d.SI.Config, Secrets: d.SI.Secrets, Logger: d.Logger, Clock: d.SI.Clock,
		SlackAPIURL: d.SI.Slack.APIURL(), GitHubHTTP: d.SI.GitHub.Client(), TickEvery: d.Tick,
		Listen: "127.0.0.1:0", Ready: ready}
}

// Start runs serve in the background and waits until it is ready and
// connected to Slack. It returns an error when serve fails or is not up
// within serveStartTimeout; serve is stopped then.
func (d *Drive) Start(ctx context.Context) error {
	if d.cancel != nil {
		return errors.New("serve is already running")
	}
	sctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	d.cancel, d.done = cancel, make(chan error, 1)
	go func() { d.done <- serve.Run(sctx, d.serveOptions(func(addr string) { ready <- addr })) }()
	wait, stop := context.WithTimeout(ctx, serveStartTimeout)
	defer stop()
	select {
	case d.addr = <-ready:
	case err := <-d.done:
		d.cancel, d.done = nil, nil
		cancel()
		return fmt.Errorf("serve stopped while starting: %w", err)
	case <-wait.Done():
		_ = d.Stop()
		return fmt.Errorf("serve did not call Ready within %s", serveStartTimeout)
	}
	if err := d.SI.Slack.WaitConnected(wait, 1); err != nil {
		_ = d.Stop()
		return fmt.Errorf("serve did not connect to Slack (Socket Mode) within %s", serveStartTimeout)
	}
	return nil
}

// Stop cancels serve and waits for it to return, as SIGTERM would. It
// returns serve's error, or one when it does not stop in time.
func (d *Drive) Stop() error {
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

// Close stops serve and the stand-ins.
func (d *Drive) Close() {
	_ = d.Stop()
	d.SI.Close()
}
