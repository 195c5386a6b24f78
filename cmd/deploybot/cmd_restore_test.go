package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/store"
)

// restoreSetup writes a config whose store holds p-old and a backup
// holding p-new; it returns the config, the store and the backup paths.
func restoreSetup(t *testing.T) (cfg, storePath, backupPath string) {
	t.Helper()
	dir := t.TempDir()
	cfg, storePath = writeConfig(t, dir)
	backupPath = filepath.Join(dir, "backup.db")
	if err := seedStore(t, backupPath, "p-new").Close(); err != nil {
		t.Fatal(err)
	}
	if err := seedStore(t, storePath, "p-old").Close(); err != nil {
		t.Fatal(err)
	}
	return cfg, storePath, backupPath
}

func TestRestore(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		cfg, storePath, backupPath := restoreSetup(t)
		runCLI(t, "restore", "--config", cfg, backupPath).
			want(t, 0, []string{"restored " + storePath, backupPath, "kept as " + storePath + ".before-restore-"}, nil)
		wantBackupHolds(t, storePath, "p-new")
		s, err := store.Open(store.Options{Path: storePath, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.GetPromotion("p-old"); fault.ErrorCode(err) != fault.CodeNotFound {
			t.Errorf("restored store still has the replaced store's promotion: %v", err)
		}
		kept, err := filepath.Glob(storePath + ".before-restore-*Z")
		if err != nil || len(kept) != 1 {
			t.Fatalf("kept = %v (%v), want one copy of the previous store", kept, err)
		}
		wantBackupHolds(t, kept[0], "p-old")
	})
	t.Run("ErrCorrupt", func(t *testing.T) {
		cfg, storePath, backupPath := restoreSetup(t)
		if err := os.WriteFile(backupPath, bytes.Repeat([]byte("not a db "), 2000), 0o600); err != nil {
			t.Fatal(err)
		}
		before := readBytes(t, storePath)
		runCLI(t, "restore", "--config", cfg, backupPath).
			want(t, 2, nil, []string{backupPath, "not a usable deploybot backup", "the store was not changed", "choose another backup file"})
		if !bytes.Equal(before, readBytes(t, storePath)) {
			t.Errorf("a refused restore changed the store %s", storePath)
		}
	})
	t.Run("ErrHeld", func(t *testing.T) {
		cfg, storePath, backupPath := restoreSetup(t)
		if err := os.Remove(storePath); err != nil {
			t.Fatal(err)
		}
		s := holdStore(t, storePath, "p-live")
		before := statFile(t, storePath)
		runCLI(t, "restore", "--config", cfg, backupPath).
			want(t, exitCode(fault.Errorf(fault.CodeConflict, "held")), nil, []string{"holds the store " + storePath, "stop it first"})
		if !os.SameFile(before, statFile(t, storePath)) {
			t.Errorf("restore replaced the store file %s while it was held", storePath)
		}
		if _, err := s.GetPromotion("p-live"); err != nil {
			t.Errorf("held store lost its promotion: %v", err)
		}
		if err := s.Check(); err != nil {
			t.Errorf("held store damaged: %v", err)
		}
	})
	t.Run("ErrStoreItself", func(t *testing.T) {
		cfg, storePath, _ := restoreSetup(t)
		runCLI(t, "restore", "--config", cfg, storePath).want(t, 2, nil, []string{storePath, "is the store file"})
		wantBackupHolds(t, storePath, "p-old")
	})
	t.Run("ErrMissing", func(t *testing.T) {
		cfg, _, backupPath := restoreSetup(t)
		runCLI(t, "restore", "--config", cfg, backupPath+".gone").want(t, 2, nil, []string{backupPath + ".gone", "does not exist"})
	})
	t.Run("ErrNoBackupArg", func(t *testing.T) {
		cfg, _, _ := restoreSetup(t)
		runCLI(t, "restore", "--config", cfg).want(t, 2, nil, []string{"accepts 1 arg", "restore --config FILE BACKUP"})
	})
}

// readBytes returns the contents of path or fails the test.
func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
