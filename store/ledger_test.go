package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

// TestDecodePreLedgerApprovals checks that a promotion stored before the
// approval ledger (approvals with only By and At) still decodes, as Slack
// approvals of the recorded head.
func TestDecodePreLedgerApprovals(t *testing.T) {
	old := []byte(`{"id":"p-old","service":"api","env":"production","state":"pr_open","createdAt":"2026-03-02T10:00:00Z",` +
		`"pr":{"Number":7,"HeadSHA":"abc"},"approvals":[{"By":"U999","At":"2026-03-02T10:02:00Z"}]}`)
	p, err := decodePromotion("p-old", old)
	if err != nil {
		t.Fatal(err)
	}
	want := []deploy.Approval{{By: "U999", At: time.Date(2026, 3, 2, 10, 2, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, p.Approvals); diff != "" {
		t.Errorf("approvals (-want +got):\n%s", diff)
	}
	if !deploy.ApprovalsMet(p, 1) || p.Unapproved != "" {
		t.Errorf("pre-ledger approval: met %v, unapproved %q; want met and not flagged", deploy.ApprovalsMet(p, 1), p.Unapproved)
	}
}
