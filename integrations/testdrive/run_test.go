package testdrive

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string // the first line of Run's error
	}{
		{name: "ErrBothForms", opts: Options{Interactive: true, StandInsOnly: true},
			want: "interactive and stand-ins-only are separate forms; pick one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			tc.opts.Stdout, tc.opts.Stderr = &out, &errOut
			err := Run(context.Background(), tc.opts)
			if err == nil {
				t.Fatalf("Run returned nil, want %q", tc.want)
			}
			got, _, _ := strings.Cut(err.Error(), "\n")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Run's error (-want +got):\n%s", diff)
			}
			if out.Len() != 0 {
				t.Errorf("Run printed %q before the story started", out.String())
			}
		})
	}
}
