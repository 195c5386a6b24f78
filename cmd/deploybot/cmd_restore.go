package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/deploybot/deploybot/store"
)

func newRestoreCmd(e env) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "restore --config FILE BACKUP",
		Short: "Replace the store with a backup, after checking the backup",
		Long: "restore replaces the bbolt store named by store.path with BACKUP, a file\n" +
			"written by deploybot backup. Stop deploybot serve first: restore refuses a\n" +
			"store that a running deploybot (serve, or another command) holds.\n\n" +
			"BACKUP is checked like a store at startup (bbolt's full consistency check and\n" +
			"the schema version) and refused if it is damaged or is not a deploybot store;\n" +
			"the store is then left as it was. Otherwise BACKUP is copied to a temporary\n" +
			"file beside the store, fsynced and checked again; the previous store, even a\n" +
			"damaged one, is kept as <store.path>.before-restore-<UTC time> (e.g.\n" +
			"deploybot.db.before-restore-20261204T192300Z), and the copy is renamed into\n" +
			"place, so store.path always holds either the old store or the backup. BACKUP\n" +
			"itself is not changed. Start deploybot again afterwards.",
		Example: "  systemctl stop deploybot\n" +
			"  deploybot restore --config deploybot.yaml /backups/deploybot-20261204T192300Z.db\n" +
			"  systemctl start deploybot",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(path)
			if err != nil {
				return err
			}
			kept, err := store.Restore(store.RestoreOptions{Path: cfg.Store.Path, From: args[0], Now: time.Now()})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "restored %s from %s\n", cfg.Store.Path, args[0])
			if kept != "" {
				fmt.Fprintf(e.stdout, "the previous store is kept as %s; delete it once deploybot runs well\n", kept)
			}
			return nil
		},
	}
	configFlag(cmd, &path)
	return cmd
}
