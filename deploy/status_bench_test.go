package deploy

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/deploybot/deploybot/deploy/config"
)

// benchRepo returns a config of n services in the chain
// dev → staging → production → dr, each pinned by one config-layout file
// per environment, and the repository holding them. Every other service
// runs a newer version in staging than in production.
func benchRepo(n int) (*config.Config, fstest.MapFS) {
	cfg := &config.Config{Environments: []config.Environment{
		{Name: "dev"},
		{Name: "staging", After: "dev"},
		{Name: "production", After: "staging", Approvals: 1},
		{Name: "dr", After: "production"},
	}}
	repo := fstest.MapFS{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("svc-%03d", i)
		cfg.Services = append(cfg.Services, config.Service{Name: name, Version: config.PatternSemver, Files: []config.FileTarget{{
			Path: "environments/{env}/{service}/config.yaml", Key: "service.chartTag", Value: "{service}-v{version}",
		}}})
		for j, env := range []string{"dev", "staging", "production", "dr"} {
			minor := 3
			if j >= 2 && i%2 == 0 {
				minor = 2
			}
			repo[fmt.Sprintf("environments/%s/%s/config.yaml", env, name)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"# %s in %s\nservice:\n  name: %s\n  chartTag: %s-v1.%d.0\n  replicas: 2\ningress:\n  host: %s.%s.example\n",
				name, env, name, name, minor, name, env))}
		}
	}
	return cfg, repo
}

func BenchmarkStatus(b *testing.B) {
	cfg, repo := benchRepo(500)
	b.ReportAllocs()
	for b.Loop() {
		t := Status(cfg, repo)
		if len(t.Rows) != 500 || t.Rows[0].Cells[3].Version == "" {
			b.Fatalf("unexpected table: %+v", t.Rows[0])
		}
	}
}

func BenchmarkPlanAll(b *testing.B) {
	cfg, repo := benchRepo(500)
	b.ReportAllocs()
	for b.Loop() {
		plan, err := NewPlan(cfg, repo, PlanRequest{Service: AllServices, Env: "production"})
		if err != nil {
			b.Fatal(err)
		}
		if len(plan.Files) != 250 {
			b.Fatalf("%d files, want 250", len(plan.Files))
		}
	}
}
