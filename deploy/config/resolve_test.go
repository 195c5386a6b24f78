package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// resolveConfig has the services and environments of MESSAGES.md.
func resolveConfig() *Config {
	return &Config{
		Environments: []Environment{
			{Name: "staging", Aliases: []string{"stg"}},
			{Name: "production", Aliases: []string{"prod", "prd"}, After: "staging"},
		},
		Services: []Service{{Name: "api"}, {Name: "checkout"}, {Name: "web"}},
	}
}

func TestResolveService(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{name: "OK", in: "api", want: "api"},
		{name: "OKCase", in: "Checkout", want: "checkout"},
		{name: "ErrUnknownService", in: "apu", err: `Unknown service "apu". Did you mean api? Services: api, checkout, web.`},
		{name: "ErrUnknownServiceTransposed", in: "chekcout", err: `Unknown service "chekcout". Did you mean checkout? Services: api, checkout, web.`},
		{name: "ErrUnknownServicePrefix", in: "check", err: `Unknown service "check". Did you mean checkout? Services: api, checkout, web.`},
		{name: "ErrUnknownServiceFar", in: "database", err: `Unknown service "database". Services: api, checkout, web.`},
		{name: "ErrEmpty", in: "", err: `No service named. Services: api, checkout, web.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := resolveConfig().ResolveService(tt.in)
			if tt.err != "" {
				if !isInvalid(err) {
					t.Fatalf("err = %v, want a *fault.Error with CodeInvalid", err)
				}
				if diff := cmp.Diff(tt.err, err.Error()); diff != "" {
					t.Errorf("message (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if svc.Name != tt.want {
				t.Errorf("service = %q, want %q", svc.Name, tt.want)
			}
		})
	}
}

func TestResolveEnvironment(t *testing.T) {
	const list = "Environments: staging (stg), production (prod, prd)."
	tests := []struct {
		name, in, want, err string
	}{
		{name: "OK", in: "production", want: "production"},
		{name: "OKAlias", in: "PROD", want: "production"},
		{name: "ErrUnknownEnv", in: "prodution", err: `Unknown environment "prodution". Did you mean production? ` + list},
		{name: "ErrUnknownEnvAlias", in: "prdo", err: `Unknown environment "prdo". Did you mean prod (production)? ` + list},
		{name: "ErrUnknownEnvStaging", in: "stagin", err: `Unknown environment "stagin". Did you mean staging? ` + list},
		{name: "ErrUnknownEnvFar", in: "qa", err: `Unknown environment "qa". ` + list},
		{name: "ErrEmpty", in: " ", err: `No environment named. ` + list},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := resolveConfig().ResolveEnvironment(tt.in)
			if tt.err != "" {
				if !isInvalid(err) {
					t.Fatalf("err = %v, want a *fault.Error with CodeInvalid", err)
				}
				if diff := cmp.Diff(tt.err, err.Error()); diff != "" {
					t.Errorf("message (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if env.Name != tt.want {
				t.Errorf("environment = %q, want %q", env.Name, tt.want)
			}
		})
	}
}
