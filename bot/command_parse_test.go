package bot

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCommand(t *testing.T) {
	cfg := testCfg(t)
	tests := []struct {
		name, cmd, text string
		want            command
		errHas          []string
	}{
		{"OK/VersionEnv", "/promote", "api v9.1.1 prod", command{Op: opPromote, Service: "api", Version: "v9.1.1", Env: "production"}, nil},
		{"OK/NoVersion", "/promote", "API stg", command{Op: opPromote, Service: "api", Env: "staging"}, nil},
		{"OK/All", "/promote", "all prod", command{Op: opPromote, Service: "all", Env: "production"}, nil},
		{"OK/Status", "/promote", "status", command{Op: opStatus}, nil},
		{"OK/StatusService", "/promote", "status web", command{Op: opStatus, Service: "web"}, nil},
		{"OK/Help", "/promote", "help", command{Op: opHelp}, nil},
		{"OK/Empty", "/promote", "  ", command{Op: opHelp}, nil},
		{"OK/Rollback", "/rollback", "api prod", command{Op: opRollback, Service: "api", Env: "production"}, nil},
		{"OK/RollbackMenu", "/rollback", "", command{Op: opRollbackMenu}, nil},
		{"ErrUnknownService", "/promote", "apu v9.1.1 prod", command{}, []string{`Unknown service "apu". Did you mean api?`, "Services: api, checkout, web.", promoteUsage}},
		{"ErrUnknownEnv", "/promote", "api v1 prdo", command{}, []string{`Unknown environment "prdo"`, "Did you mean", promoteUsage}},
		{"ErrBoth", "/promote", "apu prdo", command{}, []string{"Unknown service", "Unknown environment"}},
		{"ErrTooMany", "/promote", "api v1 prod now", command{}, []string{promoteUsage}},
		{"ErrOne", "/promote", "api", command{}, []string{promoteUsage}},
		{"ErrAllVersion", "/promote", "all v1 prod", command{}, []string{"takes no version"}},
		{"ErrStatusUnknown", "/promote", "status apu", command{}, []string{"Did you mean api?"}},
		{"ErrRollbackOne", "/rollback", "api", command{}, []string{rollbackUsage}},
		{"ErrRollbackAll", "/rollback", "all prod", command{}, []string{"one service"}},
		{"ErrUnknownCommand", "/deploy", "api", command{}, []string{"/promote help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseCommand(cfg, tt.cmd, tt.text)
			if tt.errHas == nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("parse (-want +got):\n%s", diff)
				}
				return
			}
			for _, s := range tt.errHas {
				if !strings.Contains(got.Err, s) {
					t.Errorf("Err = %q, want it to contain %q", got.Err, s)
				}
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	cfg := testCfg(f)
	for _, s := range []string{"api v9.1.1 prod", "status", "all prod", "", "apu \x00 prdo"} {
		f.Add("/promote", s)
		f.Add("/rollback", s)
	}
	f.Fuzz(func(t *testing.T, cmd, text string) {
		c := parseCommand(cfg, cmd, text)
		if (c.Err == "") == (c.Op == "") {
			t.Errorf("parse(%q, %q) = %+v: want exactly one of Op and Err", cmd, text, c)
		}
	})
}
