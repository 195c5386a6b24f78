package deploy

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/deploy/yamledit"
)

func TestEditError(t *testing.T) {
	_, invalid := yamledit.ParseKeyPath("a..b")
	other := errors.New("disk on fire")
	tests := []struct {
		name string
		in   error
		want error
	}{
		{"OK", nil, nil},
		{"ErrInvalid", invalid, &fault.Error{Code: fault.CodeInvalid, Message: invalid.Error()}},
		{"ErrUnverified", &yamledit.Error{Kind: yamledit.ErrUnverified, Message: "key a: the edit did not read back"},
			&fault.Error{Code: fault.CodeInternal, Message: "key a: the edit did not read back"}},
		{"ErrOther", other, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := editError(tt.in)
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b error) bool {
				return a == b || a != nil && b != nil && a.Error() == b.Error() && fault.ErrorCode(a) == fault.ErrorCode(b)
			})); diff != "" {
				t.Errorf("editError mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
