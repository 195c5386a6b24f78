package testdrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/deploybot/deploybot/integrations/standins"
)

// The testdrive's compressed timings: production's 30-minute watch window
// runs this long, and serve's background loop ticks this often.
const (
	Watch = 20 * time.Second
	Tick  = 200 * time.Millisecond
)

// Options are the testdrive's forms and where it reads and writes.
type Options struct {
	Stdin          io.Reader // the interactive form's commands
	Stdout, Stderr io.Writer
	// Interactive reads slash commands and clicks from Stdin instead of
	// playing the script.
	Interactive bool
	// StandInsOnly starts only the stand-ins, prints their addresses and
	// runs until ctx is done.
	StandInsOnly bool
	// Keep keeps the temporary directory (repositories, store, logs).
	Keep bool
}

// Run makes a temporary directory and runs the form o chooses: the
// scripted story (the default), the interactive one or only the stand-ins.
func Run(ctx context.Context, o Options) error {
	if o.Interactive && o.StandInsOnly {
		return errors.New("interactive and stand-ins-only are separate forms; pick one")
	}
	dir, err := os.MkdirTemp("", "deploybot-testdrive-")
	if err != nil {
		return err
	}
	if o.Keep {
		fmt.Fprintf(o.Stderr, "testdrive: files kept in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	opts := standins.Options{Dir: dir, Watch: Watch}
	if o.StandInsOnly {
		return runStandIns(ctx, o.Stdout, opts)
	}
	logPath := filepath.Join(dir, "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := NewDrive(ctx, opts, logger, Tick)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Start(ctx); err != nil {
		return WithLogTail(err, logPath)
	}
	if o.Interactive {
		return d.interactive(ctx, o.Stdout, o.Stdin)
	}
	return WithLogTail(d.scripted(ctx, o.Stdout), logPath)
}

// scripted plays the story and prints what a person would have seen.
func (d *Drive) scripted(ctx context.Context, w io.Writer) error {
	fmt.Fprintf(w, "deploybot testdrive: the stand-ins and the real serve on 127.0.0.1 (watch window compressed: 30m → %s)\n\n",
		Watch)
	s := &Story{D: d, Log: w, Start: time.Now()}
	err := s.Run(ctx)
	fmt.Fprintln(w)
	d.printChannel(w)
	fmt.Fprintln(w)
	if perr := d.printPRs(w); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return fmt.Errorf("testdrive failed: %w", err)
	}
	fmt.Fprintf(w, "\nThe whole story took %.1fs.\n", time.Since(s.Start).Seconds())
	return nil
}
