package deploy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValueFormRead(t *testing.T) {
	tests := []struct {
		name    string
		pattern VersionPattern
		tmpl    string
		value   string
		want    Version
		ok      bool
	}{
		{"OKPlain", PatternSemver, "{version}", "v9.1.1", "v9.1.1", true},
		{"OKLiteralVFolded", PatternSemver, "api-v{version}", "api-v9.1.1", "v9.1.1", true},
		{"OKLiteralVNotDoubled", PatternSemver, "api-v{version}", "api-vv9.1.1", "v9.1.1", true},
		{"OKServiceExpanded", PatternSemver, "{service}-v{version}", "api-v9.1.1", "v9.1.1", true},
		{"OKEnvExpanded", PatternAny, "{env}/{version}", "production/3.0", "3.0", true},
		{"OKSuffix", PatternAny, "registry/app:{version}-alpine", "registry/app:3.0-alpine", "3.0", true},
		{"OKAnyLiteralVKept", PatternAny, "app-v{version}", "app-v3.0", "3.0", true},
		{"ErrNoLiteralV", PatternSemver, "api-v{version}", "api-9.1.1", "", false},
		{"ErrWrongService", PatternSemver, "{service}-v{version}", "web-v9.1.1", "", false},
		{"ErrEmptyVersion", PatternAny, "registry/app:{version}", "registry/app:", "", false},
		{"ErrSuffixOverlapsPrefix", PatternAny, "a{version}a", "a", "", false},
		{"ErrMissingSuffix", PatternAny, "{version}-alpine", "3.0", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vf := newValueForm(Service{Name: "api", Version: tt.pattern}, FileTarget{Value: tt.tmpl}, "production")
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
		pattern VersionPattern
		tmpl    string
		v, cur  Version
		want    string
	}{
		{"OKAdoptV", PatternSemver, "{version}", "9.1.1", "v9.1.0", "v9.1.1"},
		{"OKAdoptNoV", PatternSemver, "{version}", "v9.1.1", "9.1.0", "9.1.1"},
		{"OKNoCurrent", PatternSemver, "{version}", "v9.1.1", "", "v9.1.1"},
		{"OKLiteralVNoDoubleV", PatternSemver, "api-v{version}", "v9.1.1", "v9.1.0", "api-v9.1.1"},
		{"OKLiteralVBare", PatternSemver, "api-v{version}", "9.1.1", "v9.1.0", "api-v9.1.1"},
		{"OKAnyAsGiven", PatternAny, "registry/app:{version}", "v3.1", "3.0", "registry/app:v3.1"},
		{"OKServiceEnv", PatternAny, "{service}/{env}:{version}", "3.1", "3.0", "api/production:3.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vf := newValueForm(Service{Name: "api", Version: tt.pattern}, FileTarget{Value: tt.tmpl}, "production")
			if diff := cmp.Diff(tt.want, vf.render(tt.v, tt.cur)); diff != "" {
				t.Errorf("render(%q, %q) (-want +got):\n%s", tt.v, tt.cur, diff)
			}
		})
	}
}

func TestValueFormRoundTrip(t *testing.T) {
	for _, tmpl := range []string{"{version}", "api-v{version}", "{service}-{env}-{version}", "x{version}y"} {
		vf := newValueForm(Service{Name: "api", Version: PatternSemver}, FileTarget{Value: tmpl}, "staging")
		for _, v := range []Version{"v1.2.3", "1.2.3"} {
			got, ok := vf.read(vf.render(v, v))
			if !ok || !SameVersion(PatternSemver, got, v) {
				t.Errorf("%s: read(render(%q)) = %q, %v", tmpl, v, got, ok)
			}
		}
	}
}

func TestValueFormMismatch(t *testing.T) {
	vf := newValueForm(Service{Name: "api", Version: PatternSemver}, FileTarget{Value: "{service}-v{version}"}, "production")
	err := vf.mismatch("environments/production/api/config.yaml", "service.chartTag", "api-9.1.1")
	want := `environments/production/api/config.yaml: service.chartTag is "api-9.1.1", which does not match its template "api-v{version}". Fix the file, or the value template in deploybot.yaml.`
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if ErrorCode(err) != CodeInvalid {
		t.Errorf("code = %s, want %s", ErrorCode(err), CodeInvalid)
	}
}
