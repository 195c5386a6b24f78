package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/integrations/standins"
)

// The testdrive's compressed timings: production's 30-minute watch window
// runs this long, and serve's background loop ticks this often.
const (
	testdriveWatch = 20 * time.Second
	testdriveTick  = 200 * time.Millisecond
)

// testdriveFlags are the testdrive's forms.
type testdriveFlags struct {
	interactive bool
	standIns    bool
	keep        bool
}

func newTestdriveCmd(e env) *cobra.Command {
	var f testdriveFlags
	cmd := &cobra.Command{
		Use:   "testdrive",
		Short: "Run the whole promotion story on local stand-ins for Slack, GitHub and Argo CD",
		Long: `testdrive starts in-process stand-ins for GitHub, Argo CD and Slack, seeded with a
sample GitOps repository, and runs the real deploybot serve against them.

Without flags it plays a script (a promotion that succeeds, one that degrades
and is rolled back), prints the Slack channel and the pull requests, and exits.
--interactive lets you type slash commands as maria or sam and press buttons.
--stand-ins starts only the stand-ins and prints their addresses.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.interactive && f.standIns {
				return usageError{errors.New("--interactive and --stand-ins are separate forms; pick one")}
			}
			return runTestdrive(cmd.Context(), e, cmd.InOrStdin(), f)
		},
	}
	cmd.Flags().BoolVar(&f.interactive, "interactive", false, "type slash commands and press buttons yourself")
	cmd.Flags().BoolVar(&f.standIns, "stand-ins", false, "start only the stand-ins and print their addresses")
	cmd.Flags().BoolVar(&f.keep, "keep", false, "keep the temporary directory (repositories, store, logs)")
	return cmd
}

// runTestdrive makes the temporary directory and runs the chosen form.
func runTestdrive(ctx context.Context, e env, stdin io.Reader, f testdriveFlags) error {
	dir, err := os.MkdirTemp("", "deploybot-testdrive-")
	if err != nil {
		return err
	}
	if f.keep {
		fmt.Fprintf(e.stderr, "testdrive: files kept in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	opts := standins.Options{Dir: dir, Watch: testdriveWatch}
	if f.standIns {
		return runStandIns(ctx, e, opts)
	}
	logPath := filepath.Join(dir, "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := newDrive(ctx, opts, logger, testdriveTick)
	if err != nil {
		return err
	}
	defer d.close()
	if err := d.start(ctx); err != nil {
		return withLogTail(err, logPath)
	}
	if f.interactive {
		return d.interactive(ctx, e, stdin)
	}
	return withLogTail(d.scripted(ctx, e), logPath)
}

// scripted plays the story and prints what a person would have seen.
func (d *drive) scripted(ctx context.Context, e env) error {
	fmt.Fprintf(e.stdout, "deploybot testdrive: the stand-ins and the real serve on 127.0.0.1 (watch window compressed: 30m → %s)\n\n",
		testdriveWatch)
	s := &story{d: d, log: e.stdout, start: time.Now()}
	err := s.run(ctx)
	fmt.Fprintln(e.stdout)
	d.printChannel(e.stdout)
	fmt.Fprintln(e.stdout)
	if perr := d.printPRs(e.stdout); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return fmt.Errorf("testdrive failed: %w", err)
	}
	fmt.Fprintf(e.stdout, "\nThe whole story took %.1fs.\n", time.Since(s.start).Seconds())
	return nil
}
