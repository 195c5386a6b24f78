package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/store"
)

// result is what one run of the command line produced.
type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
	return result{code: exitCode(err), stdout: out.String(), stderr: errOut.String()}
}

func (r result) want(t *testing.T, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		r := runCLI(t, "validate", "--config", "../../testdata/config/good.yaml")
		r.want(t, 0, []string{"2 environments (staging, production)", "3 services (api, checkout, web)"}, nil)
		if r.stderr != "" {
			t.Errorf("stderr = %q, want nothing", r.stderr)
		}
		if n := strings.Count(r.stdout, "\n"); n != 1 {
			t.Errorf("stdout has %d lines, want a one-line summary:\n%s", n, r.stdout)
		}
	})
	t.Run("ErrEveryProblem", func(t *testing.T) {
		r := runCLI(t, "validate", "--config", "../../testdata/config/bad.yaml")
		r.want(t, 2, nil, []string{
			"slack.botToken", "SLACK_BOT_TOKEN",
			"github.base_branch", "environments[1].after", "environments[1].soak",
			"services.api.files[0].value",
		})
		if r.stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.stdout)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		r := runCLI(t, "validate", "--config", filepath.Join(t.TempDir(), "nope.yaml"))
		r.want(t, 2, nil, []string{"nope.yaml"})
	})
	t.Run("ErrNoConfigFlag", func(t *testing.T) {
		runCLI(t, "validate").want(t, 2, nil, []string{"--config is required"})
	})
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"ErrUnknownCommand", []string{"frobnicate"}, []string{`unknown command "frobnicate"`, "Available Commands"}},
		{"ErrUnknownFlag", []string{"validate", "--nope"}, []string{"unknown flag: --nope", "deploybot validate --config FILE"}},
		{"ErrNoCommand", nil, []string{"a subcommand is required", "Available Commands"}},
		{"ErrExtraArg", []string{"version", "extra"}, []string{`unknown command "extra"`}},
		{"ErrBackupNoOut", []string{"backup", "--config", "x.yaml"}, []string{"accepts 1 arg(s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runCLI(t, tt.args...).want(t, 2, nil, tt.stderr)
		})
	}
}

func TestVersion(t *testing.T) {
	runCLI(t, "version").want(t, 0, []string{"deploybot dev (commit "}, nil)
}

// writeConfig writes a valid config whose store is in dir and returns its path.
func writeConfig(t *testing.T, dir string) (cfgPath, storePath string) {
	t.Helper()
	good, err := os.ReadFile("../../testdata/config/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	storePath = filepath.Join(dir, "state", "deploybot.db")
	cfg := strings.Replace(string(good), "/var/lib/deploybot/deploybot.db", storePath, 1)
	cfgPath = filepath.Join(dir, "deploybot.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, storePath
}

// seedStore creates a store at path holding one promotion with id.
func seedStore(t *testing.T, path, id string) *store.Store {
	t.Helper()
	s, err := store.Open(store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	p := deploy.Promotion{ID: id, Kind: deploy.KindPromote, Service: "api", Env: "production",
		Version: "v9.1.1", State: deploy.StateRequested, CreatedAt: time.Unix(1700000000, 0).UTC()}
	if err := s.PutPromotion(p); err != nil {
		t.Fatal(err)
	}
	return s
}

// wantBackupHolds opens the backup at path and checks it holds promotion id.
func wantBackupHolds(t *testing.T, path, id string) {
	t.Helper()
	b, err := store.Open(store.Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer b.Close()
	if _, err := b.GetPromotion(id); err != nil {
		t.Errorf("backup lacks promotion %s: %v", id, err)
	}
}

func TestBackup(t *testing.T) {
	t.Run("OKStoreIdle", func(t *testing.T) {
		dir := t.TempDir()
		cfg, storePath := writeConfig(t, dir)
		if err := seedStore(t, storePath, "p-idle").Close(); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "backup.db")
		runCLI(t, "backup", "--config", cfg, out).want(t, 0, []string{"backed up", out}, nil)
		wantBackupHolds(t, out, "p-idle")
	})
	t.Run("OKWhileBotRuns", func(t *testing.T) {
		dir := t.TempDir()
		cfg, storePath := writeConfig(t, dir)
		s := seedStore(t, storePath, "p-live")
		defer s.Close()
		ctx, cancel := context.WithCancel(context.Background())
		served := make(chan error, 1)
		go func() { served <- serveLocalAPI(ctx, s) }()
		defer func() { cancel(); <-served }()
		waitForFile(t, store.SocketPath(storePath))
		out := filepath.Join(dir, "backup.db")
		runCLI(t, "backup", "--config", cfg, out).want(t, 0, []string{"backed up"}, nil)
		wantBackupHolds(t, out, "p-live")
	})
	t.Run("ErrHeldWithoutServer", func(t *testing.T) {
		dir := t.TempDir()
		cfg, storePath := writeConfig(t, dir)
		s := seedStore(t, storePath, "p-held")
		defer s.Close()
		out := filepath.Join(dir, "backup.db")
		runCLI(t, "backup", "--config", cfg, out).want(t, 2, nil, []string{"does not serve backups", storePath})
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("backup file exists after a failed backup: %v", err)
		}
	})
	t.Run("ErrCorruptStore", func(t *testing.T) {
		dir := t.TempDir()
		cfg, storePath := writeConfig(t, dir)
		if err := os.MkdirAll(filepath.Dir(storePath), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(storePath, bytes.Repeat([]byte("not a db "), 2000), 0o600); err != nil {
			t.Fatal(err)
		}
		runCLI(t, "backup", "--config", cfg, filepath.Join(dir, "b.db")).
			want(t, 1, nil, []string{storePath, "restore"})
	})
}

func waitForFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not appear", path)
}
