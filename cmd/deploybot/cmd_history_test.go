package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
)

func TestHistory(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "deploybot.db")
	cfgPath, _ := layoutPaths("config")
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "deploybot.yaml")
	data = []byte(strings.Replace(string(data), "/var/lib/deploybot/deploybot.db", dbPath, 1))
	if err := os.WriteFile(cfg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := seedStore(t, dbPath, "p1")
	at := time.Date(2026, 3, 2, 14, 2, 0, 0, time.UTC)
	if _, err := s.AppendAudit(deploy.AuditEvent{At: at, PromotionID: "p1", Actor: "maria", Action: "request",
		To: deploy.StateRequested, Reason: "fix the token refresh"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "history", "--config", cfg, "api", "prod").
		want(t, 0, []string{"2026-03-02 14:02:00", "p1", "api", "production", "maria", "request", "fix the token refresh"}, nil)
	if r := runCLI(t, "history", "--config", cfg, "billing"); strings.Contains(r.stdout, "p1") {
		t.Errorf("billing's history shows api's promotion:\n%s", r.stdout)
	}
	runCLI(t, "history", "--config", cfg, "apu").want(t, 2, nil, []string{`Unknown service "apu"`})
}
