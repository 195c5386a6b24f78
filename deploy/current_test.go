package deploy

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/google/go-cmp/cmp"
)

func TestCurrentVersion(t *testing.T) {
	tests := []struct {
		layout, service, env string
		want                 Version
	}{
		{"config", "api", "production", "v9.1.0"}, // api-v9.1.0: the literal v is read as part of the version
		{"config", "billing", "stg", "v2.0.3"},
		{"config", "reports", "production", "1.4.0"}, // two files agree
		{"helm", "api-gateway", "production", "sha-a3f891c"},
		{"helm", "checkout", "staging", "sha-b2d77e1"},  // CRLF file
		{"helm", "search", "prod", "sha-77aa01f"},       // flow mapping, single-quoted
		{"kustomize", "orders", "production", "v2.4.0"}, // no final newline
		{"kustomize", "payments", "staging", "3.2.1"},
		{"patch", "web", "production", "3.0"},
		{"patch", "worker", "staging", "3.0.1"}, // second document
		{"promotions", "api", "production", "d1db669edad20889a91dfe1c414514156f4bad12"},
		{"promotions", "checkout", "production", "d08671c38a73d38163810f9aef91bc8743b661a5"},
		{"promotions-envwide", "api", "production", "b78f576611ec06f96af3ca654c22172a5d746c40"},      // the default
		{"promotions-envwide", "checkout", "production", "e4fbe62d887b8cdee986e6be781203d8d938bbd5"}, // an override
	}
	for _, tt := range tests {
		t.Run("OK/"+tt.layout+"/"+tt.service+"/"+tt.env, func(t *testing.T) {
			cfg, repo := loadLayout(t, tt.layout)
			got, err := CurrentVersion(cfg, repo, tt.service, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CurrentVersion = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCurrentVersionErrors(t *testing.T) {
	cfg, _ := loadLayout(t, "config")
	edit := func(file, old, new string) func(t *testing.T) fstest.MapFS {
		return func(t *testing.T) fstest.MapFS {
			repo := mapRepo(t, "config")
			f := repo[file]
			if f == nil || !strings.Contains(string(f.Data), old) {
				t.Fatalf("%s lacks %q", file, old)
			}
			f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
			return repo
		}
	}
	same := func(t *testing.T) fstest.MapFS { return mapRepo(t, "config") }
	tests := []struct {
		name         string
		repo         func(t *testing.T) fstest.MapFS
		service, env string
		code         fault.Code
		want         string
	}{
		{"ErrTemplate", edit("environments/production/api/config.yaml", "api-v9.1.0", "api-9.1.1"), "api", "production", fault.CodeInvalid,
			`environments/production/api/config.yaml: service.chartTag is "api-9.1.1", which does not match its template "api-v{version}". Fix the file, or the value template in deploybot.yaml.`},
		{"ErrFilesDisagree", edit("environments/production/reports/cronjob.yaml", "reports:1.4.0", "reports:1.4.1"), "reports", "production", fault.CodeConflict,
			`reports runs no single version in production: environments/production/reports/config.yaml has service.chartTag: "reports-1.4.0" (1.4.0) but environments/production/reports/cronjob.yaml has spec.jobTemplate.spec.template.spec.containers[name=reports].image: "ghcr.io/acme/reports:1.4.1" (1.4.1). Make the files agree first.`},
		{"ErrMissingFile", func(t *testing.T) fstest.MapFS {
			repo := mapRepo(t, "config")
			delete(repo, "environments/staging/billing/config.yaml")
			return repo
		}, "billing", "staging", fault.CodeNotFound,
			`environments/staging/billing/config.yaml does not exist, so deploybot can't tell which version of billing runs in staging. Create it, or fix the path of billing in deploybot.yaml.`},
		{"ErrUnknownService", same, "apu", "production", fault.CodeInvalid,
			`Unknown service "apu". Did you mean api? Services: api, billing, reports.`},
		{"ErrUnknownEnv", same, "api", "qa", fault.CodeInvalid,
			`Unknown environment "qa". Environments: staging (stg), production (prod, prd).`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CurrentVersion(cfg, tt.repo(t), tt.service, tt.env)
			if fault.ErrorCode(err) != tt.code {
				t.Fatalf("code = %s, want %s (%v)", fault.ErrorCode(err), tt.code, err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}
