package deploy

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// badVersion is a version each pattern refuses, and why.
var badVersion = map[config.VersionPattern]struct {
	v    Version
	want string
}{
	config.PatternSemver: {"9.1", "is not a semantic version"},
	config.PatternSHA:    {"a3f891c", "is a short SHA"},
	config.PatternAny:    {"3.1 beta", "contains whitespace"},
}

// transpose swaps the last two letters of s: "api" becomes "aip".
func transpose(s string) string {
	b := []byte(s)
	b[len(b)-1], b[len(b)-2] = b[len(b)-2], b[len(b)-1]
	return string(b)
}

func TestPlanRefusals(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, repo := loadLayout(t, layout)
			svc := cfg.Services[0]
			bad := badVersion[svc.Version]
			tests := []struct {
				name string
				req  PlanRequest
				code fault.Code
				want []string
			}{
				{"ErrBadPattern", PlanRequest{Service: svc.Name, Version: bad.v, Env: "production"}, fault.CodeInvalid,
					[]string{"Can't promote " + svc.Name + " to production", bad.want}},
				{"ErrLatestIntoProduction", PlanRequest{Service: svc.Name, Version: "latest", Env: "prod"}, fault.CodeInvalid,
					[]string{`"latest" is a moving tag`}},
				{"ErrUnknownService", PlanRequest{Service: transpose(svc.Name), Env: "production"}, fault.CodeInvalid,
					[]string{"Unknown service", "Did you mean " + svc.Name + "?", "Services: " + strings.Join(cfg.ServiceNames(), ", ") + "."}},
				{"ErrUnknownEnv", PlanRequest{Service: svc.Name, Env: "prodution"}, fault.CodeInvalid,
					[]string{`Unknown environment "prodution". Did you mean production? Environments: staging (stg), production (prod, prd).`}},
				{"ErrNoUpstream", PlanRequest{Service: svc.Name, Env: "staging"}, fault.CodeInvalid,
					[]string{"staging has no upstream environment", "name the version", svc.Name + " " + exampleVersion(svc.Version) + " staging"}},
				{"ErrAllWithVersion", PlanRequest{Service: "all", Version: "v1.2.3", Env: "production"}, fault.CodeInvalid,
					[]string{`"all" promotes every service to the version it runs in the upstream environment, so it takes no version`}},
				{"ErrAllNoUpstream", PlanRequest{Service: "ALL", Env: "stg"}, fault.CodeInvalid,
					[]string{`staging has no upstream environment to take versions from, so "all" can't be promoted to it`}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					wantRefusal(t, cfg, repo, tt.req, tt.code, tt.want)
					// Refusals of the request itself come before any file is read.
					wantRefusal(t, cfg, fstest.MapFS{}, tt.req, tt.code, tt.want)
				})
			}
		})
	}
}

// wantRefusal checks that Plan refuses req with code and a message
// holding every fragment of want.
func wantRefusal(t *testing.T, cfg *config.Config, repo fs.FS, req PlanRequest, code fault.Code, want []string) {
	t.Helper()
	plan, err := NewPlan(cfg, repo, req)
	if err == nil {
		t.Fatalf("Plan(%+v) = %s, want an error", req, plan.Summary())
	}
	if fault.ErrorCode(err) != code {
		t.Errorf("code = %s, want %s (%v)", fault.ErrorCode(err), code, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// repoEdits break a layout's repository for TestPlanRepoRefusals: the file
// to change, the text to replace and its replacement.
var repoEdits = map[string]struct{ svc, file, old, new string }{
	"config":             {"api", "environments/production/api/config.yaml", "api-v9.1.0", "api-9.1.0"},
	"patch":              {"web", "envs/production/version.yml", "registry/app:3.0", "registry/other:3.0"},
	"helm":               {"api-gateway", "helm/staging/values.yaml", "sha-c41e0b2", "latest"},
	"kustomize":          {"orders", "apps/orders/overlays/staging/kustomization.yaml", "v2.5.0", "latest"},
	"promotions":         {"api", "promotions/staging/api.yaml", "revision: bd387be0cffaeeafb325768cae3ba3c69ef5cc42", "revision: bd387be"},
	"promotions-envwide": {"api", "promotions/staging.yaml", "revision: 640d87e741e6aa4c669a82a4cd304787960513ab", "revision: latest"},
}

func TestPlanRepoRefusals(t *testing.T) {
	for _, layout := range layoutNames(t) {
		t.Run(layout, func(t *testing.T) {
			cfg, _ := loadLayout(t, layout)
			e, ok := repoEdits[layout]
			if !ok {
				t.Fatalf("no repoEdits for %s", layout)
			}
			t.Run("ErrBadFileValue", func(t *testing.T) {
				repo := mapRepo(t, layout)
				f := repo[e.file]
				if !strings.Contains(string(f.Data), e.old) {
					t.Fatalf("%s lacks %q", e.file, e.old)
				}
				f.Data = []byte(strings.Replace(string(f.Data), e.old, e.new, 1))
				want := map[string][]string{
					"config":             {`environments/production/api/config.yaml: service.chartTag is "api-9.1.0", which does not match its template "api-v{version}"`},
					"patch":              {`envs/production/version.yml: spec.template.spec.containers[name=web].image is "registry/other:3.0", which does not match its template "registry/app:{version}"`},
					"helm":               {`Can't promote api-gateway to production: "latest" is a moving tag`},
					"kustomize":          {`Can't promote orders to production: "latest" is a moving tag`},
					"promotions":         {`Can't promote api to production: bd387be is a short SHA`},
					"promotions-envwide": {`Can't promote api to production: "latest" is a moving tag`},
				}[layout]
				wantRefusal(t, cfg, repo, PlanRequest{Service: e.svc, Env: "production"}, fault.CodeInvalid, want)
				wantRefusal(t, cfg, repo, PlanRequest{Service: AllServices, Env: "production"}, fault.CodeInvalid, want)
			})
			t.Run("ErrMissingFile", func(t *testing.T) {
				repo := mapRepo(t, layout)
				svc, _ := cfg.Service(e.svc)
				file := expandPath(svc.Files[0].Path, svc.Name, "production")
				delete(repo, file)
				wantRefusal(t, cfg, repo, PlanRequest{Service: e.svc, Env: "production"}, fault.CodeNotFound,
					[]string{file + " does not exist", "which version of " + e.svc + " runs in production"})
			})
		})
	}
}
