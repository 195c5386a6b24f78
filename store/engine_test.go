package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestEngineLocks(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	prom := func(id, service string) deploy.Promotion {
		return deploy.Promotion{ID: id, Service: service, Env: "production", Requester: "U" + strings.ToUpper(id),
			State: deploy.StateRequested, CreatedAt: at}
	}
	ev := func(id string) deploy.AuditEvent {
		return deploy.AuditEvent{At: at, PromotionID: id, Action: "request"}
	}
	tests := []struct {
		name        string
		held, asked deploy.Promotion
		wantErr     string
	}{
		{"OK", prom("p1", "api"), prom("p2", "web"), ""},
		{"ErrLocked", prom("p1", "api"), prom("p2", "api"), "api is already being promoted to production by <@UP1> (promotion p1"},
		{"ErrAllLocksService", prom("p1", "all"), prom("p2", "api"), "All services are already being promoted"},
		{"ErrServiceLocksAll", prom("p1", "api"), prom("p2", "all"), "Can't promote all services: api is already"},
		{"OKSamePromotion", prom("p1", "api"), prom("p1", "api"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openEngineStore(t)
			check(t, s.CreatePromotion(tt.held, ev(tt.held.ID)))
			err := s.CreatePromotion(tt.asked, ev(tt.asked.ID))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("CreatePromotion: %v", err)
			case tt.wantErr != "" && (fault.ErrorCode(err) != fault.CodeConflict || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("CreatePromotion: %v, want conflict %q", err, tt.wantErr)
			}
		})
	}
}

func TestEngineUpdateReleasesLock(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	s := openEngineStore(t)
	p := deploy.Promotion{ID: "p1", Service: "api", Env: "production", State: deploy.StateSyncing, CreatedAt: at}
	check(t, s.CreatePromotion(p, deploy.AuditEvent{At: at, PromotionID: "p1", Action: "request"}))
	got, err := s.UpdatePromotion("p1", func(p *deploy.Promotion) ([]deploy.AuditEvent, error) {
		p.State = deploy.StateWatching
		return []deploy.AuditEvent{{At: at, PromotionID: "p1", Action: "deployed", From: deploy.StateSyncing, To: deploy.StateWatching}}, nil
	})
	check(t, err)
	if got.State != deploy.StateWatching {
		t.Errorf("state %s", got.State)
	}
	if l, err := s.s.GetLock("api", "production"); err != nil || l != nil {
		t.Errorf("lock after watching: %+v, %v; want released", l, err)
	}
	evs, err := s.Audit("p1")
	check(t, err)
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	if diff := cmp.Diff([]string{"request", "deployed"}, actions); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	if _, err := s.UpdatePromotion("nope", func(*deploy.Promotion) ([]deploy.AuditEvent, error) { return nil, nil }); fault.ErrorCode(err) != fault.CodeNotFound {
		t.Errorf("missing promotion: %v", err)
	}
}

func openEngineStore(t *testing.T) Engine {
	t.Helper()
	s, err := Open(Options{Path: filepath.Join(t.TempDir(), "db")})
	check(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return ForEngine(s)
}

// check fails the test on err.
func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
