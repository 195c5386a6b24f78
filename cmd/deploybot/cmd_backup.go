package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// backupLockWait is how long backup waits for the store's file lock before
// asking the running bot for the copy instead.
const backupLockWait = time.Second

func newBackupCmd(e env) *cobra.Command {
	var path string
	var force bool
	cmd := &cobra.Command{
		Use:   "backup --config FILE [--force] OUT",
		Short: "Write a consistent copy of the store to OUT, also while the bot runs",
		Long: "backup writes a consistent copy of the bbolt store named by store.path to OUT.\n" +
			"If no deploybot holds the store it reads the file itself; if a running\n" +
			"deploybot serve holds it, the serve streams a consistent snapshot through\n" +
			"its local API (the Unix socket <store.path>.sock beside the store file).\n\n" +
			"The copy goes to a new temporary file beside OUT, is fsynced and checked\n" +
			"like a store at startup, and only then moved to OUT, so OUT never holds a\n" +
			"partial backup. If OUT is a directory, the backup is written inside it as\n" +
			"deploybot-<UTC time>.db (e.g. deploybot-20261204T192300Z.db) and the path\n" +
			"printed. An existing file OUT is replaced only with --force. OUT may not be,\n" +
			"or lead to (symlink, hard link, ..), the store file itself.",
		Example: "  deploybot backup --config deploybot.yaml /backups/\n" +
			"  deploybot backup --config deploybot.yaml --force /backups/deploybot-latest.db",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(path)
			if err != nil {
				return err
			}
			out, err := backup(cmd.Context(), cfg.Store.Path, args[0], store.BackupOptions{Force: force}, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.Store.Path, out)
			return nil
		},
	}
	configFlag(cmd, &path)
	cmd.Flags().BoolVar(&force, "force", false, "replace OUT if it is an existing file")
	return cmd
}

// backup copies the store at storePath to out (or, for a directory, to a
// file named after now inside it), from the file when it is free, else
// through the process that holds it. It returns the file written.
func backup(ctx context.Context, storePath, out string, opts store.BackupOptions, now time.Time) (string, error) {
	out, err := store.BackupPath(out, now)
	if err != nil {
		return "", err
	}
	s, err := store.Open(store.Options{Path: storePath, ReadOnly: true, Timeout: backupLockWait})
	if err == nil {
		berr := s.BackupFile(out, opts)
		if cerr := s.Close(); berr == nil {
			berr = cerr
		}
		if berr != nil {
			return "", berr
		}
		return out, nil
	}
	if !errors.Is(err, store.ErrLocked) {
		return "", err
	}
	c, err := dialServe(ctx, storePath, config.Secret{})
	if err == nil && c == nil {
		return "", fault.Errorf(fault.CodeConflict,
			"%s is held by a process that does not serve backups (a CLI command, or a deploybot older than this one); "+
				"run backup again when it has finished", storePath)
	}
	if err != nil {
		return "", err
	}
	// The refusals (OUT is the store, exists without --force) happen here,
	// before anything is asked of the serve or written.
	if err := store.ReceiveBackup(storePath, out, opts, func(w io.Writer) error { return c.Backup(ctx, w) }); err != nil {
		return "", err
	}
	return out, nil
}
