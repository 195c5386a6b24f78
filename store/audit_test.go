package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

func TestAudit(t *testing.T) {
	s := openTest(t, testPath(t))
	events := []deploy.AuditEvent{
		{At: t0, PromotionID: "p1", Actor: "U1", Action: "requested", To: deploy.StateRequested},
		{At: t0.Add(time.Minute), PromotionID: "p2", Actor: "U2", Action: "requested", To: deploy.StateRequested},
		{At: t0.Add(2 * time.Minute), PromotionID: "p1", Actor: "deploybot", Action: "pr_opened",
			From: deploy.StateRequested, To: deploy.StatePROpen, Reason: "PR #42"},
		{At: t0.Add(3 * time.Minute), Actor: "deploybot", Action: "started"}, // no promotion
		{At: t0.Add(4 * time.Minute), PromotionID: "p10", Actor: "U1", Action: "refused:approve", Seq: 99},
	}
	for i, e := range events {
		seq, err := s.AppendAudit(e)
		if err != nil {
			t.Fatalf("AppendAudit #%d: %v", i, err)
		}
		if want := uint64(i + 1); seq != want {
			t.Errorf("AppendAudit #%d = seq %d, want %d", i, seq, want)
		}
		events[i].Seq = seq
	}
	tests := []struct {
		name string
		read func() ([]deploy.AuditEvent, error)
		want []deploy.AuditEvent
	}{
		{"OKByPromotion", func() ([]deploy.AuditEvent, error) { return s.Audit("p1") }, []deploy.AuditEvent{events[0], events[2]}},
		{"OKPrefixIsNotAMatch", func() ([]deploy.AuditEvent, error) { return s.Audit("p") }, nil},
		{"OKUnknown", func() ([]deploy.AuditEvent, error) { return s.Audit("nope") }, nil},
		{"OKSinceZero", func() ([]deploy.AuditEvent, error) { return s.AuditSince(0, 0) }, events},
		{"OKSinceLimit", func() ([]deploy.AuditEvent, error) { return s.AuditSince(1, 2) }, events[1:3]},
		{"OKSinceEnd", func() ([]deploy.AuditEvent, error) { return s.AuditSince(5, 10) }, nil},
		{"OKSinceMax", func() ([]deploy.AuditEvent, error) { return s.AuditSince(^uint64(0), 10) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.read()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrNULInPromotionID", func(t *testing.T) {
		_, err := s.AppendAudit(deploy.AuditEvent{PromotionID: "p\x00", Action: "x"})
		wantCode(t, err, fault.CodeInvalid)
	})
}

func TestAuditSeqSurvivesRollback(t *testing.T) {
	s := openTest(t, testPath(t))
	if _, err := s.AppendAudit(deploy.AuditEvent{At: t0, Action: "a"}); err != nil {
		t.Fatal(err)
	}
	errStop := fault.Errorf(fault.CodeConflict, "stop")
	err := s.Update(func(tx *Tx) error {
		if _, err := tx.AppendAudit(deploy.AuditEvent{At: t0, Action: "rolled back"}); err != nil {
			return err
		}
		return errStop
	})
	if err != errStop {
		t.Fatalf("Update = %v, want fn's error unchanged", err)
	}
	seq, err := s.AppendAudit(deploy.AuditEvent{At: t0, Action: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if seq != 2 {
		t.Errorf("seq after a rolled-back append = %d, want 2", seq)
	}
}

// TestAuditIsAppendOnly checks that no method can change or remove an
// audit event: the only audit methods append or read.
func TestAuditIsAppendOnly(t *testing.T) {
	allowed := map[string]bool{"AppendAudit": true, "Audit": true, "AuditSince": true}
	for _, typ := range []reflect.Type{reflect.TypeFor[*Store](), reflect.TypeFor[*Tx]()} {
		for m := range typ.Methods() {
			if strings.Contains(m.Name, "Audit") && !allowed[m.Name] {
				t.Errorf("%s has method %s; the audit log is append-only", typ, m.Name)
			}
		}
	}
}
