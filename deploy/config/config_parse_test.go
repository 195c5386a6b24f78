package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// configTestdata is the shared sample directory at the repository root.
const configTestdata = "../../testdata/config"

// cmpLocation compares time zones by name.
var cmpLocation = cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// goodConfig is what testdata/config/good.yaml says.
func goodConfig(t *testing.T) *Config {
	return &Config{
		Slack:  SlackConfig{Channel: "C0123456789"},
		GitHub: GitHubConfig{Repository: "acme/gitops", BaseBranch: "main"},
		ArgoCD: ArgoCDConfig{Server: "argocd.example.com:443"},
		Store:  StoreConfig{Path: "/var/lib/deploybot/deploybot.db"},
		Server: ServerConfig{Listen: DefaultListen},
		Environments: []Environment{
			{Name: "staging", Aliases: []string{"stg"}, Sync: SyncAuto, Watch: DefaultWatch, ProgressDeadline: DefaultProgressDeadline},
			{
				Name: "production", Aliases: []string{"prod", "prd"}, After: "staging", Soak: 10 * time.Minute,
				Approvals: 1, Approvers: []string{"S0PLATFORMLEADS", "U0123ABCD"}, Sync: SyncManual,
				Watch: 30 * time.Minute, ProgressDeadline: DefaultProgressDeadline, Labels: []string{"requires-review"},
				Monitoring: "https://grafana.example.com/d/{service}?var-env={env}",
				Freeze: []FreezeWindow{
					{Days: []time.Weekday{time.Friday}, From: 15 * 60, To: 23*60 + 59, Location: mustLoc(t, "Europe/London"), Reason: "no Friday deploys"},
					{Start: time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Reason: "holidays"},
				},
			},
		},
		Services: []Service{
			{Name: "api", ArgoCDApp: "api-{env}", Version: PatternSemver, Source: "acme/api", Files: []FileTarget{
				{Path: "environments/{env}/api/config.yaml", Key: "service.chartTag", Value: "api-v{version}"}}},
			{Name: "checkout", ArgoCDApp: "{service}-{env}", Version: PatternSHA, Files: []FileTarget{
				{Path: "promotions/{env}/checkout.yaml", Key: "revision", Value: "{version}"}}},
			{Name: "web", ArgoCDApp: "{service}-{env}", Version: PatternAny, Files: []FileTarget{
				{Path: "envs/{env}/version.yml", Key: "spec.template.spec.containers[name=web].image", Value: "registry/web:{version}"}}},
		},
	}
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := Load(filepath.Join(configTestdata, "good.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(goodConfig(t), got, cmpLocation); diff != "" {
			t.Errorf("config mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
		if !isInvalid(err) || !strings.Contains(err.Error(), "nope.yaml") {
			t.Errorf("got %v (%T), want an invalid error naming the file", err, err)
		}
	})
}

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse("min.yaml", []byte(minimalConfig))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Slack:        SlackConfig{Channel: "C0123456789"},
		GitHub:       GitHubConfig{Repository: "acme/gitops", BaseBranch: "main"},
		ArgoCD:       ArgoCDConfig{Server: "argocd:443"},
		Store:        StoreConfig{Path: "deploybot.db"},
		Server:       ServerConfig{Listen: DefaultListen},
		Environments: []Environment{{Name: "staging", Sync: SyncAuto, Watch: DefaultWatch, ProgressDeadline: DefaultProgressDeadline}},
		Services: []Service{{Name: "api", ArgoCDApp: "{service}-{env}", Version: PatternSemver,
			Files: []FileTarget{{Path: "envs/{env}/api.yaml", Key: "image.tag", Value: "{version}"}}}},
	}
	if diff := cmp.Diff(want, cfg, cmpLocation); diff != "" {
		t.Errorf("defaults mismatch (-want +got):\n%s", diff)
	}
}

// minimalConfig has only what is required.
const minimalConfig = `
slack: {channel: C0123456789}
github: {repository: acme/gitops}
argocd: {server: "argocd:443"}
store: {path: deploybot.db}
environments:
  - name: staging
services:
  api:
    files:
      - {path: "envs/{env}/api.yaml", key: image.tag}
`

func TestParseFeatures(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(t *testing.T, c *Config)
	}{
		{"AfterAliasResolvesToName", `
environments:
  - {name: staging, aliases: [stg]}
  - {name: production, after: stg, soak: 0}`, func(t *testing.T, c *Config) {
			if got := c.Environments[1].After; got != "staging" {
				t.Errorf("After = %q, want staging", got)
			}
		}},
		{"MergeKeys", `
environments:
  - &base {name: staging, watch: 5m, progressDeadline: 2m}
  - <<: *base
    name: production
    after: staging`, func(t *testing.T, c *Config) {
			e := c.Environments[1]
			if e.Name != "production" || e.Watch != 5*time.Minute || e.ProgressDeadline != 2*time.Minute {
				t.Errorf("merged env = %+v", e)
			}
		}},
		{"RecurringFreezeDefaultsToUTC", `
environments:
  - name: staging
    freeze: [{days: [sat, SUN], from: "0:00", to: "23:59", reason: weekend}]`, func(t *testing.T, c *Config) {
			w := c.Environments[0].Freeze[0]
			if w.Location != time.UTC || len(w.Days) != 2 || w.Days[1] != time.Sunday || w.From != 0 {
				t.Errorf("freeze = %+v", w)
			}
		}},
		{"InsecureAllowed", `
argocd: {server: "argocd:443", insecure: true, allowInsecure: true}
environments:
  - name: staging
  - {name: production, after: staging}`, func(t *testing.T, c *Config) {
			if !c.ArgoCD.Insecure || !c.ArgoCD.AllowInsecure {
				t.Errorf("argocd = %+v", c.ArgoCD)
			}
		}},
		{"InsecureUnprotected", `
argocd: {server: "argocd:443", insecure: true, plaintext: false, grpcWeb: true, grpcWebRootPath: /argo-cd}`, func(t *testing.T, c *Config) {
			want := ArgoCDConfig{Server: "argocd:443", Insecure: true, GRPCWeb: true, GRPCWebRootPath: "/argo-cd"}
			if diff := cmp.Diff(want, c.ArgoCD); diff != "" {
				t.Error(diff)
			}
		}},
		{"GitHubOptional", `
github: {repository: acme/gitops, baseBranch: release, apiURL: "https://ghe.example.com/api/v3/", reviewers: [octocat], teamReviewers: [platform-leads]}`,
			func(t *testing.T, c *Config) {
				want := GitHubConfig{Repository: "acme/gitops", BaseBranch: "release", APIURL: "https://ghe.example.com/api/v3/",
					Reviewers: []string{"octocat"}, TeamReviewers: []string{"platform-leads"}}
				if diff := cmp.Diff(want, c.GitHub); diff != "" {
					t.Error(diff)
				}
			}},
		{"EmptyStringIsDefault", `
environments:
  - {name: staging, sync: "", monitoring: ""}`, func(t *testing.T, c *Config) {
			if e := c.Environments[0]; e.Sync != SyncAuto || e.Monitoring != "" {
				t.Errorf("env = %+v", e)
			}
		}},
		{"TrailingEmptyDocument", "---\n", func(t *testing.T, c *Config) {}},
		{"ServerListen", "\nserver: {listen: \"127.0.0.1:9090\"}", func(t *testing.T, c *Config) {
			if c.Server.Listen != "127.0.0.1:9090" {
				t.Errorf("server.listen = %q, want 127.0.0.1:9090", c.Server.Listen)
			}
		}},
		{"ServerPortOnly", "\nserver:\n  listen: \":9090\"", func(t *testing.T, c *Config) {
			if c.Server.Listen != ":9090" {
				t.Errorf("server.listen = %q, want :9090", c.Server.Listen)
			}
		}},
		{"ApproverNotAuthorDefaultsToFalse", "", func(t *testing.T, c *Config) {
			if c.Environments[0].ApproverNotAuthor || c.People != nil {
				t.Errorf("approverNotAuthor = %v, people = %v; want false, nil", c.Environments[0].ApproverNotAuthor, c.People)
			}
		}},
		{"PeopleAndApproverNotAuthor", `
people:
  U0SAMABC: sam-gh
  W0MARIAB: Maria-GH
environments:
  - {name: staging, approverNotAuthor: false}
  - {name: production, after: staging, approverNotAuthor: true}`, func(t *testing.T, c *Config) {
			want := map[string]string{"U0SAMABC": "sam-gh", "W0MARIAB": "Maria-GH"}
			if diff := cmp.Diff(want, c.People); diff != "" {
				t.Error(diff)
			}
			if c.Environments[0].ApproverNotAuthor || !c.Environments[1].ApproverNotAuthor {
				t.Errorf("approverNotAuthor = %v, %v; want false, true", c.Environments[0].ApproverNotAuthor, c.Environments[1].ApproverNotAuthor)
			}
		}},
		{"ServerEmptyIsDefault", "\nserver: {}", func(t *testing.T, c *Config) {
			if c.Server.Listen != DefaultListen {
				t.Errorf("server.listen = %q, want %q", c.Server.Listen, DefaultListen)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("t.yaml", []byte(withDefaults(tt.yaml)))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}
}

// withDefaults completes a config fragment: every top-level section the
// fragment leaves out is appended from minimalConfig, so the fragment's own
// lines keep their numbers (line 1 is the first line after a leading newline).
func withDefaults(fragment string) string {
	sections := map[string]string{
		"slack":        "slack: {channel: C0123456789}\n",
		"github":       "github: {repository: acme/gitops}\n",
		"argocd":       "argocd: {server: \"argocd:443\"}\n",
		"store":        "store: {path: deploybot.db}\n",
		"environments": "environments:\n  - name: staging\n",
		"services":     "services:\n  api:\n    files:\n      - {path: \"envs/{env}/api.yaml\", key: image.tag}\n",
	}
	var b strings.Builder
	b.WriteString(strings.TrimPrefix(fragment, "\n"))
	b.WriteString("\n")
	for _, k := range topLevelKeys {
		if !strings.Contains("\n"+fragment, "\n"+k+":") {
			b.WriteString(sections[k])
		}
	}
	return b.String()
}

func TestConfigAccessors(t *testing.T) {
	cfg, err := Load(filepath.Join(configTestdata, "good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"production", "prod", "PRD", "Production"} {
		if e, ok := cfg.Environment(name); !ok || e.Name != "production" {
			t.Errorf("Environment(%q) = %q, %v; want production", name, e.Name, ok)
		}
	}
	if _, ok := cfg.Environment("qa"); ok {
		t.Error(`Environment("qa") found something`)
	}
	if s, ok := cfg.Service("Checkout"); !ok || s.Name != "checkout" {
		t.Errorf("Service(Checkout) = %q, %v", s.Name, ok)
	}
	if _, ok := cfg.Service("api-v1"); ok {
		t.Error(`Service("api-v1") found something`)
	}
	got := []any{cfg.EnvironmentNames(), cfg.ServiceNames(), cfg.Summary()}
	want := []any{
		[]string{"staging", "production"}, []string{"api", "checkout", "web"},
		"ok: 2 environments (staging, production), 3 services (api, checkout, web), repo acme/gitops",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSummaryShortensLongLists(t *testing.T) {
	c := &Config{GitHub: GitHubConfig{Repository: "a/b"}, Environments: []Environment{{Name: "dev"}}}
	for i := range 12 {
		c.Services = append(c.Services, Service{Name: string(rune('a' + i))})
	}
	want := "ok: 1 environment (dev), 12 services (a, b, c, d, e, f, g, h, i, j, and 2 more), repo a/b"
	if got := c.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

func TestLoadBadConfig(t *testing.T) {
	path := filepath.Join(configTestdata, "bad.yaml")
	_, err := Load(path)
	var ce *FileError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a *FileError", err)
	}
	want := []Problem{
		{Key: "slack.botToken", Line: 4, Message: "looks like a Slack bot token; secrets never go in the config file: set SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) in the environment"},
		{Key: "github.base_branch", Line: 7, Message: `unknown key "base_branch" (did you mean baseBranch?); the valid keys here are: repository, baseBranch, apiURL, reviewers, teamReviewers`},
		{Key: "environments[1].aliases[1]", Line: 16, Message: `"stg" is already an alias of environments[0] (staging) (line 14); names and aliases must be unique across all environments`},
		{Key: "environments[1].after", Line: 17, Message: `"qa" is not an environment: after must name another environment by name or alias, one of staging (stg), production (prod, stg)`},
		{Key: "environments[1].soak", Line: 18, Message: "10 has no unit; write a duration like 10m (minutes), 10s or 10h"},
		{Key: "services.api.files[0].value", Line: 26, Message: `"api-latest" has no {version}: it must say where the version goes, like "api-v{version}", or be left out to mean just {version}`},
	}
	if diff := cmp.Diff(want, ce.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if ce.File != path || strings.Contains(err.Error(), "AbCdEf") {
		t.Errorf("error names file %q, or shows the token:\n%v", ce.File, err)
	}
}

func TestGoodConfigFileIsTheDesignExample(t *testing.T) {
	// good.yaml extends DESIGN.md's example; keep the design's text in it.
	data, err := os.ReadFile(filepath.Join(configTestdata, "good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"    after: staging                # must be validated there first",
		`      - {days: [Fri], from: "15:00", to: "23:59", timezone: Europe/London, reason: "no Friday deploys"}`,
		`        value: "api-v{version}"`,
	} {
		if !strings.Contains(string(data), line+"\n") {
			t.Errorf("good.yaml lacks the design's line %q", line)
		}
	}
}
