package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// shutdownTimeout bounds how long the HTTP server waits for open requests
// when serve stops.
const shutdownTimeout = 5 * time.Second

// lifecycle is what serve runs and the order it stops it in. serve fills
// it with the real parts; tests fill it with recorders.
type lifecycle struct {
	log        *slog.Logger
	listener   net.Listener
	handler    http.Handler
	httpServer *http.Server

	backups func(ctx context.Context) error // the local API (store.SocketPath), backups included
	engine  func(ctx context.Context) error // the background loop
	bot     func(ctx context.Context) error // Slack: commands and buttons

	closeBot     func() // flushes pending announcement updates
	closeCluster func() error
	closeStore   func() error

	connected func(since time.Time) bool // Slack is connected
	onReady   func(httpAddr string)

	checks  []depCheck      // GitHub and Argo CD, checked in the background
	deps    readiness       // what the checks and the bot last found
	retry   DependencyRetry // pace of the checks and of restarting the bot
	secrets []string        // every credential, kept out of /readyz and the logs

	storeOpen  atomic.Bool
	botRunning atomic.Bool
	stopping   atomic.Bool
	botStarted atomic.Int64 // unix nanoseconds
}

// run starts every part and waits for ctx to end, the local API to
// fail, or a dependency to refuse deploybot's credentials before it ever
// accepted them (a startup error, exit code 2). A dependency that does not
// answer never stops it: the bot is started again and GitHub and Argo CD
// are checked again with backoff, and /readyz says what is missing. Then
// it stops the parts in order: the bot first (no new commands), then
// the background loop (its store writes finish), then the local API,
// the Argo CD connection and the store, and the HTTP server last, so
// /healthz answers until the end. It returns the error that stopped it.
func (lc *lifecycle) run(ctx context.Context) error {
	lc.storeOpen.Store(true)
	httpDone := lc.serveHTTP()
	backupCtx, stopBackups := context.WithCancel(context.WithoutCancel(ctx))
	backupsDone := start(func() error { return lc.backups(backupCtx) })
	engineCtx, stopEngine := context.WithCancel(context.WithoutCancel(ctx))
	engineDone := start(func() error { return lc.engine(engineCtx) })
	depsCtx, stopDeps := context.WithCancel(ctx)
	fatal := make(chan error, len(lc.checks))
	depsDone := lc.watchDeps(depsCtx, fatal)
	botCtx, stopBot := context.WithCancel(ctx)
	botDone := start(func() error { return lc.runBot(botCtx) })
	lc.log.Info("deploybot serving", "http", lc.listener.Addr().String())
	go lc.announceReady(botCtx)

	var err error
	select {
	case <-ctx.Done():
		lc.log.Info("stopping: no new commands; finishing writes in flight")
	case err = <-botDone:
		botDone = nil
		lc.log.Error("the Slack bot cannot run; deploybot stops", "err", err)
	case err = <-fatal:
		lc.log.Error("a dependency refused deploybot's credentials; deploybot stops", "err", err)
	case err = <-backupsDone:
		backupsDone = nil
		lc.log.Error("the local API failed; deploybot stops", "err", err)
	}
	lc.stopping.Store(true)
	stopDeps()
	wait(depsDone)
	stopBot()
	wait(botDone)
	stopEngine()
	wait(engineDone)
	lc.closeBot()
	stopBackups()
	wait(backupsDone)
	return errors.Join(err, lc.closeAll(httpDone))
}

// closeAll closes the Argo CD connection, the store and the HTTP server.
func (lc *lifecycle) closeAll(httpDone <-chan error) error {
	var errs []error
	if err := lc.closeCluster(); err != nil {
		lc.log.Warn("closing the Argo CD connection failed", "err", err)
	}
	lc.storeOpen.Store(false)
	if err := lc.closeStore(); err != nil {
		lc.log.Error("closing the store failed", "err", err)
		errs = append(errs, err)
	}
	lc.log.Info("store closed; stopping the HTTP server")
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := lc.shutdownHTTP(ctx, httpDone); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// announceReady calls onReady once the bot is ready, unless ctx ends
// first.
func (lc *lifecycle) announceReady(ctx context.Context) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for !lc.isReady() {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
	lc.log.Info("deploybot ready: store open, Slack connected, GitHub and Argo CD answering", "http", lc.listener.Addr().String())
	if lc.onReady != nil {
		lc.onReady(lc.listener.Addr().String())
	}
}

// start runs f in a goroutine and returns the channel its error arrives on.
func start(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// wait waits for the error of a part started with start, unless it
// already arrived (ch is nil).
func wait(ch <-chan error) {
	if ch != nil {
		<-ch
	}
}
