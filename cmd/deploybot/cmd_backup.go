package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/store"
)

// backupLockWait is how long backup waits for the store's file lock before
// asking the running bot for the copy instead.
const backupLockWait = time.Second

func newBackupCmd(e env) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "backup --config FILE OUT",
		Short: "Write a consistent copy of the store to OUT, also while the bot runs",
		Long: "backup writes a consistent copy of the bbolt store named by store.path to OUT.\n" +
			"If no deploybot holds the store it reads the file itself; if a running\n" +
			"deploybot holds it, that process writes the copy through a Unix socket\n" +
			"beside the store file. OUT is replaced atomically and checked before use.",
		Example: "  deploybot backup --config deploybot.yaml /backups/deploybot-$(date +%F).db",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(path)
			if err != nil {
				return err
			}
			out := args[0]
			if err := backup(cmd.Context(), cfg.Store.Path, out); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.Store.Path, out)
			return nil
		},
	}
	configFlag(cmd, &path)
	return cmd
}

// backup copies the store at storePath to out, from the file when it is
// free, else through the process that holds it.
func backup(ctx context.Context, storePath, out string) error {
	s, err := store.Open(store.Options{Path: storePath, ReadOnly: true, Timeout: backupLockWait})
	if err == nil {
		berr := s.BackupFile(out)
		if cerr := s.Close(); berr == nil {
			berr = cerr
		}
		return berr
	}
	if !errors.Is(err, store.ErrLocked) {
		return err
	}
	err = store.RequestBackup(ctx, storePath, out)
	if deploy.ErrorCode(err) == deploy.CodeNotFound {
		return deploy.Errorf(deploy.CodeConflict,
			"%s is held by a process that does not serve backups (a CLI command, or a deploybot older than this one); "+
				"run backup again when it has finished: %w", storePath, err)
	}
	return err
}
