package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUnapprovedMerge(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		cfg, err := Parse("deploybot.yaml", []byte(withDefaults(`
environments:
  - {name: staging}
  - {name: qa, unapprovedMerge: alert}
  - {name: production, unapprovedMerge: rollback}`)))
		if err != nil {
			t.Fatal(err)
		}
		var got []UnapprovedMergePolicy
		for _, e := range cfg.Environments {
			got = append(got, e.UnapprovedMerge)
		}
		want := []UnapprovedMergePolicy{"", UnapprovedAlert, UnapprovedRollback}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("unapprovedMerge (-want +got):\n%s", diff)
		}
	})
	runRejectCases(t, []rejectCase{
		{name: "ErrUnknownPolicy", yaml: "\nenvironments:\n  - name: staging\n    unapprovedMerge: revert",
			want: one("environments[0].unapprovedMerge", 3, "must be alert (warn the channel and keep watching) or rollback (also revert the merge at once), not \"revert\"")},
	})
}
