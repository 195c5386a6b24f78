package config

import (
	"fmt"
	"strings"
	"testing"
)

// largeConfig returns a valid config with services services, each with two
// files, and the environment chain staging -> canary -> production -> dr.
func largeConfig(services int) []byte {
	var b strings.Builder
	b.WriteString(`slack: {channel: C0123456789}
github: {repository: acme/gitops, reviewers: [octocat], teamReviewers: [platform]}
argocd: {server: "argocd.example.com:443"}
store: {path: /var/lib/deploybot/deploybot.db}
environments:
  - {name: staging, aliases: [stg]}
  - {name: canary, aliases: [can], after: staging, soak: 10m}
  - name: production
    aliases: [prod, prd]
    after: canary
    soak: 30m
    approvals: 1
    approvers: [S0PLATFORMLEADS, U0123ABCD]
    sync: manual
    labels: [requires-review]
    monitoring: "https://grafana.example.com/d/{service}?var-env={env}"
    freeze:
      - {days: [Fri], from: "15:00", to: "23:59", timezone: Europe/London, reason: "no Friday deploys"}
      - {start: 2026-12-22T00:00:00Z, end: 2027-01-04T00:00:00Z, reason: holidays}
  - {name: dr, after: production, approvals: 1, approvers: [U0123ABCD], sync: manual}
services:
`)
	for i := range services {
		fmt.Fprintf(&b, `  svc-%03d:
    argocdApp: "svc-%03d-{env}"
    version: semver
    source: acme/svc-%03d
    files:
      - path: "apps/svc-%03d/overlays/{env}/kustomization.yaml"
        key: images[name=ghcr.io/acme/svc-%03d].newTag
      - path: "environments/{env}/svc-%03d/config.yaml"
        key: service.chartTag
        value: "svc-%03d-v{version}"
`, i, i, i, i, i, i, i)
	}
	return []byte(b.String())
}

func TestLargeConfigParses(t *testing.T) {
	cfg, err := Parse("large.yaml", largeConfig(500))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Services) != 500 || len(cfg.Environments) != 4 || cfg.Environments[3].After != "production" {
		t.Errorf("got %d services, %d environments", len(cfg.Services), len(cfg.Environments))
	}
	if got := cfg.Summary(); !strings.HasPrefix(got, "ok: 4 environments (staging, canary, production, dr), 500 services (svc-000,") ||
		!strings.Contains(got, "and 490 more), repo acme/gitops") {
		t.Errorf("Summary() = %q", got)
	}
}

func BenchmarkParse500x4(b *testing.B) {
	data := largeConfig(500)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("large.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
