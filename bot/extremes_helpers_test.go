package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

// The extremes a config and the engine allow, for building every message
// at its largest: names are DNS labels of up to 63 characters
// (deploy/config/config_names.go), versions up to deploy.MaxVersionLen bytes,
// reasons and the lists of services, environments and approvers have no
// limit.
const (
	extremeServices = 500
	extremeEnvs     = 4
)

// longName is a 63-character DNS label ending in the number i.
func longName(prefix string, i int) string {
	s := fmt.Sprintf("%s-%03d", prefix, i)
	return strings.Repeat("x", 63-len(s)) + s
}

// longVersion is a version of deploy.MaxVersionLen bytes ending in i.
func longVersion(i int) deploy.Version {
	s := fmt.Sprintf("v1.2.3-rc.%d", i)
	return deploy.Version(s + strings.Repeat("a", deploy.MaxVersionLen-len(s)))
}

// longReason is far longer than any Block Kit text.
func longReason(what string) string {
	return strings.Repeat(what+" <is> & was "+"\"long\" · ", 400)
}

func extremeEnv(i int) string { return longName("env", i) }

func extremeService(i int) string { return longName("svc", i) }

// extremeConfig is a valid config with extremeServices services and
// extremeEnvs environments, every name 63 characters long, each
// environment after the one before and needing approvals from 40
// approvers.
func extremeConfig(t testing.TB) *config.Config {
	t.Helper()
	var b strings.Builder
	b.WriteString("slack:\n  channel: C0DEPLOYS\ngithub:\n  repository: acme/gitops\n" +
		"argocd:\n  server: argocd.example.com:443\nstore:\n  path: /tmp/unused.db\nenvironments:\n")
	var approvers []string
	for i := range 40 {
		approvers = append(approvers, fmt.Sprintf("U0APPR%03d", i))
	}
	for i := range extremeEnvs {
		fmt.Fprintf(&b, "  - name: %s\n", extremeEnv(i))
		if i > 0 {
			fmt.Fprintf(&b, "    after: %s\n    approvals: 2\n    approvers: [%s]\n", extremeEnv(i-1), strings.Join(approvers, ", "))
			b.WriteString("    monitoring: \"https://grafana.example.com/d/{service}?var-env={env}\"\n")
		}
	}
	b.WriteString("services:\n")
	for i := range extremeServices {
		fmt.Fprintf(&b, "  %s:\n    argocdApp: \"app-%03d-{env}\"\n    version: any\n    files:\n"+
			"      - path: \"environments/{env}/svc-%03d/config.yaml\"\n        key: image.tag\n        value: \"{version}\"\n",
			extremeService(i), i, i)
	}
	cfg, err := config.Parse("deploybot.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// extremeAll is a promotion of every service of extremeConfig to the
// last environment, in state st.
func extremeAll(st deploy.State) deploy.Promotion {
	p := extremeOne(st)
	p.ID, p.Service, p.Version, p.PreviousVersion = "p-all", deploy.AllServices, "", ""
	for i := range extremeServices {
		p.Changes = append(p.Changes, deploy.ServiceChange{Service: extremeService(i), From: longVersion(i), To: longVersion(i + 1)})
	}
	return p
}

// extremeOne is a promotion of one long-named service with long versions
// and reasons to the last environment of extremeConfig, in state st,
// with everything a state can show filled in.
func extremeOne(st deploy.State) deploy.Promotion {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	p := deploy.Promotion{ID: "p-one", Kind: deploy.KindPromote, Service: extremeService(extremeServices - 1),
		Env: extremeEnv(extremeEnvs - 1), Version: longVersion(2), PreviousVersion: longVersion(1),
		Requester: "U0MARIA", Reason: longReason("reason"), State: st, StateReason: longReason("state"),
		CreatedAt: at(0), UpdatedAt: at(20), MergeSHA: "a9f8e7d6c5b4", MergedAt: at(7), HealthyAt: at(9),
		WatchUntil: at(37), FinishedAt: at(13), RolledBackBy: "p-rb", Unapproved: longReason("unapproved"),
		PR: deploy.PullRequest{Number: 1042, URL: "https://github.com/acme/gitops/pull/1042", Title: strings.Repeat("t", 256),
			HeadSHA: ledgerHead},
		Evidence: &deploy.Evidence{Env: extremeEnv(extremeEnvs - 2), Version: longVersion(2), Revision: "a1b2c3d4e5",
			HealthySince: at(-120), ObservedAt: at(0)},
		Rollout: &deploy.Rollout{Health: "Degraded", HealthMessage: longReason("health")},
	}
	for i := range 300 {
		p.Approvals = append(p.Approvals, deploy.Approval{By: fmt.Sprintf("U0APPR%03d", i%40), Login: fmt.Sprintf("reviewer-%03d", i),
			At: at(1), Source: deploy.ApprovalGitHub, HeadSHA: ledgerHead, ReviewID: int64(i + 1)})
	}
	return p
}

// extremeDetails is every notice detail at its longest.
func extremeDetails() deploy.NoticeDetails {
	var rs []deploy.Resource
	for i := range 50 {
		rs = append(rs, deploy.Resource{Kind: "Deployment", Name: longName("res", i), Health: "Degraded", Message: longReason("message")})
	}
	var commits []deploy.Commit
	for range 3 {
		commits = append(commits, deploy.Commit{Message: longReason("commit"), Author: strings.Repeat("a", 39)})
	}
	return deploy.NoticeDetails{
		Changelog:     &deploy.Changelog{Total: 9999, Commits: commits},
		Origin:        &deploy.Change{Number: 812, Title: longReason("origin"), URL: "https://github.com/acme/api/pull/812", Author: strings.Repeat("a", 39)},
		Risk:          &deploy.Risk{Level: deploy.RiskHigh, Reasons: strings.Split(longReason("risk"), "·")},
		Verdict:       &deploy.Verdict{Phase: "Failed", Reason: longReason("verdict"), Unhealthy: rs},
		ChangesNote:   longReason("note"),
		RollbackPlan:  longReason("plan"),
		MonitoringURL: "https://grafana.example.com/d/" + strings.Repeat("m", 2900),
		Alert:         "Not a normal deployment: " + longReason("alert"),
	}
}
