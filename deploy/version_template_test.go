package deploy

import (
	"testing"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestValueFormRead(t *testing.T) {
	tests := []struct {
		name    string
		pattern config.VersionPattern
		tmpl    string
		value   string
		want    Version
		ok      bool
	}{
		{"OKPlain", config.PatternSemver, "{version}", "v9.1.1", "v9.1.1", true},
		{"OKLiteralVFolded", config.PatternSemver, "api-v{version}", "api-v9.1.1", "v9.1.1", true},
		{"OKLiteralVNotDoubled", config.PatternSemver, "api-v{version}", "api-vv9.1.1", "v9.1.1", true},
		{"OKServiceExpanded", config.PatternSemver, "{service}-v{version}", "api-v9.1.1", "v9.1.1", true},
		{"OKEnvExpanded", config.PatternAny, "{env}/{version}", "production/3.0", "3.0", true},
		{"OKSuffix", config.PatternAny, "registry/app:{version}-alpine", "registry/app:3.0-alpine", "3.0", true},
		{"OKAnyLiteralVKept", config.PatternAny, "app-v{version}", "app-v3.0", "3.0", true},
		{"ErrNoLiteralV", config.PatternSemver, "api-v{version}", "api-9.1.1", "", false},
		{"ErrWrongService", config.PatternSemver, "{service}-v{version}", "web-v9.1.1", "", false},
		{"ErrEmptyVersion", config.PatternAny, "registry/app:{version}", "registry/app:", "", false},
		{"ErrSuffixOverlapsPrefix", config.PatternAny, "a{version}a", "a", "", false},
		{"ErrMissingSuffix", config.PatternAny, "{version}-alpine", "3.0", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vf := newValueForm(config.Service{Name: "api", Version: tt.pattern}, config.FileTarget{Value: tt.tmpl}, "production")
			got, ok := vf.read(tt.value)
			if got != tt.want || ok != tt.ok {
				t.Errorf("read(%q) = %q, %v; want %q, %v", tt.value, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestValueFormRender(t *testing.T) {
	tests := []struct {
		name    string
		pattern config.VersionPattern
		tmpl    string
		v, cur  Version
		want    string
	}{
		{"OKAdoptV", config.PatternSemver, "{version}", "9.1.1", "v9.1.0", "v9.1.1"},
		{"OKAdoptNoV", config.PatternSemver, "{version}", "v9.1.1", "9.1.0", "9.1.1"},
		{"OKNoCurrent", config.PatternSemver, "{version}", "v9.1.1", "", "v9.1.1"},
		{"OKLiteralVNoDoubleV", config.PatternSemver, "api-v{version}", "v9.1.1", "v9.1.0", "api-v9.1.1"},
		{"OKLiteralVBare", config.PatternSemver, "api-v{version}", "9.1.1", "v9.1.0", "api-v9.1.1"},
		{"OKAnyAsGiven", config.PatternAny, "registry/app:{version}", "v3.1", "3.0", "registry/app:v3.1"},
		{"OKServiceEnv", config.PatternAny, "{service}/{env}:{version}", "3.1", "3.0", "api/production:3.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vf := newValueForm(config.Service{Name: "api", Version: tt.pattern}, config.FileTarget{Value: tt.tmpl}, "production")
			if diff := cmp.Diff(tt.want, vf.render(tt.v, tt.cur)); diff != "" {
				t.Errorf("render(%q, %q) (-want +got):\n%s", tt.v, tt.cur, diff)
			}
		})
	}
}

func TestValueFormRoundTrip(t *testing.T) {
	for _, tmpl := range []string{"{version}", "api-v{version}", "{service}-{env}-{version}", "x{version}y"} {
		vf := newValueForm(config.Service{Name: "api", Version: config.PatternSemver}, config.FileTarget{Value: tmpl}, "staging")
		for _, v := range []Version{"v1.2.3", "1.2.3"} {
			got, ok := vf.read(vf.render(v, v))
			if !ok || !SameVersion(config.PatternSemver, got, v) {
				t.Errorf("%s: read(render(%q)) = %q, %v", tmpl, v, got, ok)
			}
		}
	}
}

func TestValueFormMismatch(t *testing.T) {
	vf := newValueForm(config.Service{Name: "api", Version: config.PatternSemver}, config.FileTarget{Value: "{service}-v{version}"}, "production")
	err := vf.mismatch("environments/production/api/config.yaml", "service.chartTag", "api-9.1.1")
	want := `environments/production/api/config.yaml: service.chartTag is "api-9.1.1", which does not match its template "api-v{version}". Fix the file, or the value template in deploybot.yaml.`
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if fault.ErrorCode(err) != fault.CodeInvalid {
		t.Errorf("code = %s, want %s", fault.ErrorCode(err), fault.CodeInvalid)
	}
}
