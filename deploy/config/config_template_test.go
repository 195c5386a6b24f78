package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExpandTemplate(t *testing.T) {
	vars := map[string]string{"version": "9.1.1", "service": "api", "env": "production"}
	tests := []struct{ name, tmpl, want string }{
		{"OK", "api-v{version}", "api-v9.1.1"},
		{"OKAll", "{service}/{env}/{version}", "api/production/9.1.1"},
		{"OKNoPlaceholder", "plain", "plain"},
		{"OKRepeated", "{env}-{env}", "production-production"},
		{"UnknownKept", "{tag}-{version}", "{tag}-9.1.1"},
		{"UnbalancedKept", "{version", "{version"},
		{"StrayCloseKept", "v}{version}", "v}9.1.1"},
		{"NestedOpen", "{{version}}", "{9.1.1}"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpandTemplate(tt.tmpl, vars); got != tt.want {
				t.Errorf("ExpandTemplate(%q) = %q, want %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

func TestTemplatePlaceholders(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       []string
		wantErr    string
	}{
		{name: "OK", tmpl: "https://g/{service}?env={env}", want: []string{"service", "env"}},
		{name: "OKNone", tmpl: "plain"},
		{name: "OKRepeats", tmpl: "{version}{version}", want: []string{"version", "version"}},
		{name: "ErrUnclosed", tmpl: "a{env", wantErr: `"a{env" has an unbalanced "{" at character 2: placeholders are written like {env}`},
		{name: "ErrStrayClose", tmpl: "a}", wantErr: `"a}" has an unbalanced '}' at character 2: placeholders are written like {env}`},
		{name: "ErrNested", tmpl: "{{env}}", wantErr: `"{{env}}" has an unbalanced '{' at character 2`},
		{name: "ErrEmpty", tmpl: "a{}", wantErr: `"a{}" has a placeholder {}, which is not a name`},
		{name: "ErrNotAName", tmpl: "{env name}", wantErr: `"{env name}" has a placeholder {env name}, which is not a name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TemplatePlaceholders(tt.tmpl)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
				if !isInvalid(err) {
					t.Errorf("error %T, want invalid", err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if len(gotErr) < len(tt.wantErr) || gotErr[:len(tt.wantErr)] != tt.wantErr {
				t.Errorf("error = %q, want prefix %q", gotErr, tt.wantErr)
			}
		})
	}
}
