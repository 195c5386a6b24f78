package config

import (
	"errors"
	"strings"
	"testing"
)

// wantProblem is one problem a rejected config must report: its key and
// line exactly, and a fragment of its message.
type wantProblem struct {
	key  string
	line int
	msg  string
}

// rejectCase is a config fragment (completed by withDefaults unless raw)
// and every problem it must produce.
type rejectCase struct {
	name string
	yaml string
	raw  bool
	want []wantProblem
}

func one(key string, line int, msg string) []wantProblem { return []wantProblem{{key, line, msg}} }

// runRejectCases parses each case and compares its problems with want:
// the same number, each matched by key, line and message fragment.
func runRejectCases(t *testing.T, cases []rejectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.yaml
			if !tc.raw {
				text = withDefaults(tc.yaml)
			}
			cfg, err := Parse("deploybot.yaml", []byte(text))
			var ce *FileError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, %v; want a *FileError for:\n%s", cfg, err, text)
			}
			if !isInvalid(err) || cfg != nil {
				t.Errorf("error %T, config %v; want invalid, nil", err, cfg)
			}
			checkProblems(t, ce.Problems, tc.want)
		})
	}
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), problemLines(got))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if g.Key == w.key && g.Line == w.line && strings.Contains(g.Message, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem key=%q line=%d message containing %q; got:\n%s", w.key, w.line, w.msg, problemLines(got))
		}
	}
	for _, g := range got {
		if g.Message == "" {
			t.Errorf("problem with an empty message: %+v", g)
		}
	}
}

func problemLines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\t" + p.String() + "\n")
	}
	return b.String()
}

func TestParseRejectsFile(t *testing.T) {
	runRejectCases(t, []rejectCase{
		{name: "ErrEmpty", raw: true, yaml: "", want: one("", 0, "the file is empty; expected a mapping with the sections slack, github")},
		{name: "ErrOnlyComments", raw: true, yaml: "# nothing yet\n", want: one("", 0, "the file is empty")},
		{name: "ErrSyntax", raw: true, yaml: "slack:\n  channel: C0123456789\n   store: x\n",
			want: one("", 3, "invalid YAML: mapping values are not allowed in this context; check the indentation")},
		{name: "ErrSyntaxUnclosed", raw: true, yaml: "slack: {channel: C0123456789\n", want: one("", 1, "invalid YAML: did not find expected ',' or '}'")},
		{name: "ErrTwoDocuments", raw: true, yaml: withDefaults("") + "---\nslack: {channel: C0123456789}\n",
			want: one("", 13, "a second YAML document starts here; deploybot.yaml must be a single document")},
		{name: "ErrTopLevelList", raw: true, yaml: "- slack\n", want: one("", 1, "must be a mapping with the keys slack, github, argocd, store, environments, services, server, people, automation, api, not a list")},
		{name: "ErrMissingSections", raw: true, yaml: "\nslack: {channel: C0123456789}\n", want: []wantProblem{
			{"github", 2, "is required: a mapping with repository"},
			{"argocd", 2, "is required: a mapping with server"},
			{"store", 2, "is required: a mapping with path"},
			{"environments", 2, "is required: a list of environments"},
			{"services", 2, "is required: a mapping from service name"},
		}},
		{name: "ErrUnknownTopLevelKey", yaml: "\nslakc: {}", want: one("slakc", 1, `unknown key "slakc" (did you mean slack?); the valid keys at the top level are: slack, github, argocd, store, environments, services`)},
		{name: "ErrDuplicateKey", yaml: "\nstore: {path: a.db}\nstore: {path: b.db}", want: one("store", 2, "is defined twice (first on line 1); remove one")},
		{name: "ErrNullSection", yaml: "\nslack:", want: one("slack", 1, "is required")},
		{name: "ErrComplexKey", yaml: "\n? [a, b]\n: c", want: one("", 1, "keys must be plain strings, not a list")},
	})
}

func TestParseRejectsSections(t *testing.T) {
	runRejectCases(t, []rejectCase{
		{name: "ErrSlackNotMapping", yaml: "\nslack: C0123456789", want: one("slack", 1, "must be a mapping with the keys channel, apiURL, not a string")},
		{name: "ErrSlackChannelName", yaml: "\nslack: {channel: \"#deploys\"}", want: one("slack.channel", 1, `"#deploys" is not a Slack channel ID: use the channel ID (like C0123456789`)},
		{name: "ErrSlackChannelMissing", yaml: "\nslack: {}", want: one("slack.channel", 1, "is required: the ID of the channel")},
		{name: "ErrSlackChannelList", yaml: "\nslack:\n  channel: [C0123456789]", want: one("slack.channel", 2, "must be a string, not a list")},
		{name: "ErrRepositoryURL", yaml: "\ngithub: {repository: \"https://github.com/acme/gitops\"}", want: one("github.repository", 1, "write owner/name, like acme/gitops, not a URL")},
		{name: "ErrBaseBranch", yaml: "\ngithub: {repository: acme/gitops, baseBranch: \"my branch\"}", want: one("github.baseBranch", 1, "is not a branch name")},
		{name: "ErrAPIURL", yaml: "\ngithub: {repository: acme/gitops, apiURL: ghe.example.com}", want: one("github.apiURL", 1, "is not an http(s) URL")},
		{name: "ErrReviewerAt", yaml: "\ngithub:\n  repository: acme/gitops\n  reviewers: [octocat, \"@hubot\"]", want: one("github.reviewers[1]", 3, "write the user name without @")},
		{name: "ErrReviewersNotList", yaml: "\ngithub: {repository: acme/gitops, reviewers: octocat}", want: one("github.reviewers", 1, "must be a list of GitHub logins, not a string (write [octocat] for a list of one)")},
		{name: "ErrTeamWithOrg", yaml: "\ngithub: {repository: acme/gitops, teamReviewers: [acme/platform]}", want: one("github.teamReviewers[0]", 1, "without the organisation")},
		{name: "ErrServerURL", yaml: "\nargocd: {server: \"https://argocd.example.com\"}", want: one("argocd.server", 1, "is not host:port: write the Argo CD API server's address without a scheme")},
		{name: "ErrServerNoPort", yaml: "\nargocd: {server: argocd.example.com}", want: one("argocd.server", 1, "like argocd.example.com:443")},
		{name: "ErrServerBadPort", yaml: "\nargocd: {server: \"argocd:99999\"}", want: one("argocd.server", 1, "is not host:port")},
		{name: "ErrBoolYes", yaml: "\nargocd: {server: \"argocd:443\", grpcWeb: yes}", want: one("argocd.grpcWeb", 1, `must be true or false, not "yes"`)},
		{name: "ErrSlackAPIURL", yaml: "\nslack: {channel: C0123456789, apiURL: \"ftp://x\"}", want: one("slack.apiURL", 1, "")},
		{name: "ErrRootPath", yaml: "\nargocd: {server: \"argocd:443\", grpcWebRootPath: \"a b\"}", want: one("argocd.grpcWebRootPath", 1, "is not a URL path")},
		{name: "ErrInsecureProtected", yaml: `
argocd:
  server: argocd:443
  insecure: true
environments:
  - name: staging
  - {name: production, after: staging}`, want: one("argocd.insecure", 3, "turns off TLS certificate checks, but production is protected (it has after or approvals)")},
		{name: "ErrPlaintextProtected", yaml: `
argocd:
  server: argocd:80
  plaintext: true
environments:
  - name: staging
  - {name: production, after: staging}`, want: one("argocd.plaintext", 3, "turns off TLS, but production is protected (it has after or approvals)")},
		{name: "ErrStorePathMissing", yaml: "\nstore: {path: \"\"}", want: one("store.path", 1, "is required: the path of the bbolt state file")},
		{name: "ErrServerNotMapping", yaml: "\nserver: \":8080\"", want: one("server", 1, "must be a mapping with the keys listen, not a string")},
		{name: "ErrListenNoPort", yaml: "\nserver: {listen: \"8080\"}", want: one("server.listen", 1, `"8080" is not a listen address: write host:port or :port, like :8080`)},
		{name: "ErrListenBadPort", yaml: "\nserver: {listen: \":99999\"}", want: one("server.listen", 1, "is not a listen address")},
		{name: "ErrListenURL", yaml: "\nserver: {listen: \"http://0.0.0.0:8080\"}", want: one("server.listen", 1, "is not a listen address")},
		{name: "ErrListenList", yaml: "\nserver:\n  listen: [\":8080\"]", want: one("server.listen", 2, "must be a string, not a list")},
		{name: "ErrPeopleNotMapping", yaml: "\npeople: [U0123ABCD]", want: one("people", 1, "must be a mapping from Slack user ID to GitHub login (U0123ABCD: octocat), not a list")},
		{name: "ErrPeopleKeyName", yaml: "\npeople:\n  U0123ABCD: octocat\n  \"@sam\": sam-gh", want: one("people.@sam", 3, `"@sam" is not a Slack user ID: use a member ID like U0123ABCD`)},
		{name: "ErrPeopleKeyGroup", yaml: "\npeople: {S0123ABCD: octocat}", want: one("people.S0123ABCD", 1, "is not a Slack user ID")},
		{name: "ErrPeopleLoginAt", yaml: "\npeople:\n  U0123ABCD: \"@octocat\"", want: one("people.U0123ABCD", 2, `"@octocat" is not a GitHub login: write the user name without @`)},
		{name: "ErrPeopleLoginList", yaml: "\npeople:\n  U0123ABCD: [octocat]", want: one("people.U0123ABCD", 2, "must be a string, not a list")},
		{name: "ErrServerUnknownKey", yaml: "\nserver: {address: \":8080\"}", want: one("server.address", 1, `unknown key "address"`)},
	})
}

func TestParseRejectsEnvironments(t *testing.T) {
	runRejectCases(t, []rejectCase{
		{name: "ErrNotList", yaml: "\nenvironments: {staging: {}}", want: one("environments", 1, "must be a list of environments (- name: staging), not a mapping")},
		{name: "ErrEmpty", yaml: "\nenvironments: []", want: one("environments", 1, "is empty: list at least one environment")},
		{name: "ErrItemNotMapping", yaml: "\nenvironments: [staging]", want: one("environments[0]", 1, "must be a mapping with the keys name, aliases, after, soak, approvals, approvers, promoters, sync, watch, progressDeadline, labels, rollback, monitoring, freeze, approverNotAuthor, unapprovedMerge, not a string")},
		{name: "ErrNameMissing", yaml: "\nenvironments:\n  - aliases: [stg]", want: one("environments[0].name", 2, "is required: a lowercase name such as production")},
		{name: "ErrNameUppercase", yaml: "\nenvironments:\n  - name: Production", want: one("environments[0].name", 2, `"Production" is not a valid environment name (did you mean production?): use lowercase letters`)},
		{name: "ErrNameTooLong", yaml: "\nenvironments:\n  - name: " + strings.Repeat("a", 64), want: one("environments[0].name", 2, "at most 63 characters")},
		{name: "ErrNameReserved", yaml: "\nenvironments:\n  - name: all", want: one("environments[0].name", 2, `"all" is reserved (it means something in commands)`)},
		{name: "ErrAliasReserved", yaml: "\nenvironments:\n  - {name: staging, aliases: [all]}", want: one("environments[0].aliases[0]", 2, "is reserved")},
		{name: "ErrAliasBad", yaml: "\nenvironments:\n  - name: staging\n    aliases:\n      - stg\n      - -stg", want: one("environments[0].aliases[1]", 5, `"-stg" is not a valid alias name`)},
		{name: "ErrDuplicateName", yaml: "\nenvironments:\n  - name: staging\n  - name: staging", want: one("environments[1].name", 3, `"staging" is already the name of environments[0] (line 2); names and aliases must be unique`)},
		{name: "ErrAliasIsOtherName", yaml: "\nenvironments:\n  - name: staging\n  - {name: production, aliases: [staging]}", want: one("environments[1].aliases[0]", 3, `"staging" is already the name of environments[0] (line 2)`)},
		{name: "ErrAliasTwice", yaml: "\nenvironments:\n  - {name: staging, aliases: [pre]}\n  - name: production\n    aliases:\n      - pre", want: one("environments[1].aliases[0]", 5, `"pre" is already an alias of environments[0] (staging) (line 2)`)},
		{name: "ErrAfterMissing", yaml: "\nenvironments:\n  - name: staging\n  - {name: production, after: stagin}", want: one("environments[1].after", 3, `"stagin" is not an environment: after must name another environment by name or alias, one of staging, production`)},
		{name: "ErrAfterSelf", yaml: "\nenvironments:\n  - {name: staging, aliases: [stg], after: stg}", want: one("environments[0].after", 2, "after links form a cycle: staging -> staging;")},
		{name: "ErrAfterCycle", yaml: `
environments:
  - {name: dev}
  - {name: staging, after: prod}
  - {name: production, aliases: [prod], after: qa}
  - {name: qa, after: staging}`, want: one("environments[1].after", 3, "after links form a cycle: staging -> production -> qa -> staging;")},
		{name: "ErrSoakNoUnit", yaml: "\nenvironments:\n  - {name: staging}\n  - {name: production, after: staging, soak: 10}", want: one("environments[1].soak", 3, "10 has no unit; write a duration like 10m (minutes)")},
		{name: "ErrSoakNegative", yaml: "\nenvironments:\n  - {name: staging}\n  - {name: production, after: staging, soak: -5m}", want: one("environments[1].soak", 3, "must not be negative")},
		{name: "ErrSoakDays", yaml: "\nenvironments:\n  - {name: staging}\n  - {name: production, after: staging, soak: 1d}", want: one("environments[1].soak", 3, "(there is no day unit: write 24h for a day)")},
		{name: "ErrSoakWithoutAfter", yaml: "\nenvironments:\n  - {name: staging, soak: 10m}", want: one("environments[0].soak", 2, "has no effect without after")},
		{name: "ErrWatchZero", yaml: "\nenvironments:\n  - {name: staging, watch: 0s}", want: one("environments[0].watch", 2, "must be longer than 0; leave it out for the default 30m")},
		{name: "ErrWatchList", yaml: "\nenvironments:\n  - {name: staging, watch: [30m]}", want: one("environments[0].watch", 2, "must be a duration like 10m, 1h30m or 45s, not a list")},
		{name: "ErrProgressDeadline", yaml: "\nenvironments:\n  - {name: staging, progressDeadline: soon}", want: one("environments[0].progressDeadline", 2, `must be a duration like 10m, 1h30m or 45s, not "soon"`)},
		{name: "ErrApprovalsNegative", yaml: "\nenvironments:\n  - {name: staging, approvals: -1, approvers: [U0123ABCD]}", want: one("environments[0].approvals", 2, `must be a whole number, 0 or more (like 1), not "-1"`)},
		{name: "ErrApprovalsWord", yaml: "\nenvironments:\n  - {name: staging, approvals: one, approvers: [U0123ABCD]}", want: one("environments[0].approvals", 2, "must be a whole number")},
		{name: "ErrApprovalsWithoutApprovers", yaml: "\nenvironments:\n  - name: staging\n    approvals: 2", want: one("environments[0].approvals", 3, "is 2 but approvers is empty, so nobody could approve")},
		{name: "ErrRollbackApprovalsWithoutApprovers", yaml: "\nenvironments:\n  - name: staging\n    rollback:\n      approvals: 1", want: one("environments[0].rollback.approvals", 4, "is 1 but approvers is empty")},
		{name: "ErrRollbackUnknownKey", yaml: "\nenvironments:\n  - {name: staging, rollback: {approval: 1}}", want: one("environments[0].rollback.approval", 2, `unknown key "approval" (did you mean approvals?)`)},
		{name: "ErrApproverName", yaml: "\nenvironments:\n  - {name: staging, approvals: 1, approvers: [\"@alice\"]}", want: []wantProblem{
			{"environments[0].approvers[0]", 2, `"@alice" is not a Slack user or user-group ID: use IDs, not @names`},
			{"environments[0].approvals", 2, "nobody could approve"},
		}},
		{name: "ErrPromoterName", yaml: "\nenvironments:\n  - name: staging\n    promoters:\n      - U0123ABCD\n      - alice", want: one("environments[0].promoters[1]", 5, "use IDs, not @names")},
		{name: "ErrSync", yaml: "\nenvironments:\n  - {name: staging, sync: automatic}", want: one("environments[0].sync", 2, `must be auto (Argo CD syncs by itself) or manual (the bot syncs after merge), not "automatic"`)},
		{name: "ErrLabelsNotList", yaml: "\nenvironments:\n  - {name: staging, labels: {a: b}}", want: one("environments[0].labels", 2, "must be a list of GitHub labels, not a mapping")},
		{name: "ErrUnknownKey", yaml: "\nenvironments:\n  - name: staging\n    approver: [U0123ABCD]", want: one("environments[0].approver", 3, `unknown key "approver" (did you mean approvers?); the valid keys here are: name, aliases`)},
		{name: "ErrApproverNotAuthorWithoutPeople", yaml: "\nenvironments:\n  - name: staging\n    approverNotAuthor: true", want: one("environments[0].approverNotAuthor", 3, "is true but people is empty, so no approver could be matched")},
		{name: "ErrApproverNotAuthorEmptyPeople", yaml: "\npeople: {}\nenvironments:\n  - {name: staging, approverNotAuthor: true}", want: one("environments[0].approverNotAuthor", 3, "is true but people is empty")},
		{name: "ErrApproverNotAuthorNotBool", yaml: "\npeople: {U0123ABCD: octocat}\nenvironments:\n  - {name: staging, approverNotAuthor: yes}", want: one("environments[0].approverNotAuthor", 3, `must be true or false, not "yes"`)},
		{name: "ErrMonitoringPlaceholder", yaml: "\nenvironments:\n  - {name: staging, monitoring: \"https://g.example.com/{version}\"}", want: one("environments[0].monitoring", 2, "uses {version}, which is not a placeholder here: it may use {service} and {env}")},
		{name: "ErrMonitoringNotURL", yaml: "\nenvironments:\n  - {name: staging, monitoring: \"grafana/{service}\"}", want: one("environments[0].monitoring", 2, "is not an http(s) URL template")},
		{name: "ErrMonitoringUnbalanced", yaml: "\nenvironments:\n  - {name: staging, monitoring: \"https://g.example.com/{service\"}", want: one("environments[0].monitoring", 2, `has an unbalanced "{" at character 23`)},
	})
}

func TestParseRejectsFreeze(t *testing.T) {
	env := "\nenvironments:\n  - name: staging\n    freeze:\n"
	runRejectCases(t, []rejectCase{
		{name: "ErrNotList", yaml: "\nenvironments:\n  - {name: staging, freeze: {days: [Fri]}}", want: one("environments[0].freeze", 2, "must be a list of freeze windows, not a mapping")},
		{name: "ErrItemNotMapping", yaml: env + "      - Fri", want: one("environments[0].freeze[0]", 4, "must be a mapping, like {days: [Fri]")},
		{name: "ErrMixed", yaml: env + "      - {days: [Fri], from: \"10:00\", to: \"11:00\", start: 2026-12-22T00:00:00Z, reason: x}", want: one("environments[0].freeze[0]", 4, "mixes a weekly window (days, from, to, timezone) with a one-off window (start, end); write them as two entries")},
		{name: "ErrNeither", yaml: env + "      - {reason: x}", want: one("environments[0].freeze[0]", 4, "needs either days, from and to (every week) or start and end (once), and a reason")},
		{name: "ErrNoReason", yaml: env + "      - {days: [Fri], from: \"10:00\", to: \"11:00\"}", want: one("environments[0].freeze[0].reason", 4, "is required: why promotions are frozen")},
		{name: "ErrNoReasonAbsolute", yaml: env + "      - {start: 2026-12-22T00:00:00Z, end: 2027-01-04T00:00:00Z}", want: one("environments[0].freeze[0].reason", 4, "is required")},
		{name: "ErrNoDays", yaml: env + "      - from: \"10:00\"\n        to: \"11:00\"\n        reason: x", want: one("environments[0].freeze[0].days", 4, "is required: the weekdays")},
		{name: "ErrEmptyDays", yaml: env + "      - {days: [], from: \"10:00\", to: \"11:00\", reason: x}", want: one("environments[0].freeze[0].days", 4, "must list at least one day")},
		{name: "ErrOvernight", yaml: env + "      - days: [Fri]\n        from: \"23:00\"\n        to: \"02:00\"\n        reason: night", want: one("environments[0].freeze[0].from", 5, "from 23:00 is after to 02:00, but a window cannot cross midnight: from must be before or equal to to; write an overnight window as two entries")},
		{name: "ErrBadDay", yaml: env + "      - {days: [Fri, Friday], from: \"10:00\", to: \"11:00\", reason: x}", want: one("environments[0].freeze[0].days[1]", 4, `"Friday" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun`)},
		{name: "ErrDayTwice", yaml: env + "      - {days: [Fri, fri], from: \"10:00\", to: \"11:00\", reason: x}", want: one("environments[0].freeze[0].days[1]", 4, "fri is listed twice")},
		{name: "ErrBadClock", yaml: env + "      - {days: [Fri], from: \"25:00\", to: \"24:00\", reason: x}", want: []wantProblem{
			{"environments[0].freeze[0].from", 4, `must be a time of day as HH:MM from 00:00 to 23:59, quoted, like "15:00", not "25:00"`},
			{"environments[0].freeze[0].to", 4, `write "23:59" for the end of the day`},
		}},
		{name: "ErrBadZone", yaml: env + "      - {days: [Fri], from: \"10:00\", to: \"11:00\", timezone: Mars/Olympus, reason: x}", want: one("environments[0].freeze[0].timezone", 4, `"Mars/Olympus" is not an IANA time zone: write a zone name like Europe/London`)},
		{name: "ErrLocalZone", yaml: env + "      - {days: [Fri], from: \"10:00\", to: \"11:00\", timezone: Local, reason: x}", want: one("environments[0].freeze[0].timezone", 4, "is not an IANA time zone")},
		{name: "ErrEndBeforeStart", yaml: env + "      - start: 2027-01-04T00:00:00Z\n        end: 2026-12-22T00:00:00Z\n        reason: x", want: one("environments[0].freeze[0].end", 5, "end must be after start (2027-01-04T00:00:00Z)")},
		{name: "ErrDateOnly", yaml: env + "      - {start: 2026-12-22, end: 2027-01-04T00:00:00Z, reason: x}", want: one("environments[0].freeze[0].start", 4, `must be a date and time with a zone in RFC 3339 form, like 2026-12-22T00:00:00Z, not "2026-12-22"`)},
		{name: "ErrUnknownKey", yaml: env + "      - {days: [Fri], from: \"10:00\", until: \"11:00\", reason: x}", want: []wantProblem{
			{"environments[0].freeze[0].until", 4, `unknown key "until"; the valid keys here are: days, from, to, timezone, reason`},
			{"environments[0].freeze[0].to", 4, "is required"},
		}},
	})
}

func TestParseRejectsServices(t *testing.T) {
	svc := "\nservices:\n  api:\n    files:\n"
	twoEnvs := "\nenvironments:\n  - name: staging\n  - name: production"
	runRejectCases(t, []rejectCase{
		{name: "ErrNotMapping", yaml: "\nservices: [api]", want: one("services", 1, "must be a mapping from service name to service (api: {files: ...}), not a list")},
		{name: "ErrEmpty", yaml: "\nservices: {}", want: one("services", 1, "is empty: define at least one service")},
		{name: "ErrNull", yaml: "\nservices:\n  api:", want: one("services.api", 2, "must be a mapping with the keys argocdApp, version, source, files, not empty")},
		{name: "ErrNameReservedStatus", yaml: "\nservices:\n  status: {files: [{path: \"e/{env}.yaml\", key: a}]}", want: one("services.status", 2, `"status" is reserved`)},
		{name: "ErrNameReservedHelp", yaml: "\nservices:\n  help: {files: [{path: \"e/{env}.yaml\", key: a}]}", want: one("services.help", 2, `"help" is reserved`)},
		{name: "ErrNameReservedAll", yaml: "\nservices:\n  all: {files: [{path: \"e/{env}.yaml\", key: a}]}", want: one("services.all", 2, `"all" is reserved`)},
		{name: "ErrNameInvalid", yaml: "\nservices:\n  Api_Svc: {files: [{path: \"e/{env}.yaml\", key: a}]}", want: one("services.Api_Svc", 2, `"Api_Svc" is not a valid service name`)},
		{name: "ErrDuplicate", yaml: "\nservices:\n  api: {files: [{path: \"e/{env}.yaml\", key: a}]}\n  api: {files: [{path: \"e/{env}.yaml\", key: b}]}", want: one("services.api", 3, "is defined twice (first on line 2)")},
		{name: "ErrFilesMissing", yaml: "\nservices:\n  api: {version: semver}", want: one("services.api.files", 2, "is required: the GitOps files that pin the version")},
		{name: "ErrFilesEmpty", yaml: "\nservices:\n  api: {files: []}", want: one("services.api.files", 2, "is empty: list at least one file")},
		{name: "ErrFilesMapping", yaml: "\nservices:\n  api:\n    files: {path: a.yaml, key: a}", want: one("services.api.files", 3, "must be a list of files ({path, key, value}), not a mapping")},
		{name: "ErrVersion", yaml: "\nservices:\n  api:\n    version: calver\n    files: [{path: \"e/{env}.yaml\", key: a}]", want: one("services.api.version", 3, `must be semver (1.2.3 or v1.2.3), sha (a full 40-hex commit SHA) or any, not "calver"`)},
		{name: "ErrSource", yaml: "\nservices:\n  api:\n    source: api\n    files: [{path: \"e/{env}.yaml\", key: a}]", want: one("services.api.source", 3, "write owner/name")},
		{name: "ErrArgoCDAppPlaceholder", yaml: "\nservices:\n  api:\n    argocdApp: \"{app}-{env}\"\n    files: [{path: \"e/{env}.yaml\", key: a}]", want: one("services.api.argocdApp", 3, `"{app}-{env}" uses {app}, which is not a placeholder here: it may use {service} and {env}`)},
		{name: "ErrPathMissing", yaml: svc + "      - {key: a}", want: one("services.api.files[0].path", 4, "is required: the file's path in the GitOps repo")},
		{name: "ErrPathAbsolute", yaml: svc + "      - {path: \"/envs/{env}/api.yaml\", key: a}", want: one("services.api.files[0].path", 4, "must be relative to the repository root, without a leading /")},
		{name: "ErrPathDotDot", yaml: svc + "      - {path: \"envs/../../{env}/api.yaml\", key: a}", want: one("services.api.files[0].path", 4, "must not contain ..")},
		{name: "ErrPathDirectory", yaml: svc + "      - {path: \"envs/{env}/\", key: a}", want: one("services.api.files[0].path", 4, "names a directory")},
		{name: "ErrPathVersion", yaml: svc + "      - {path: \"envs/{env}/{version}.yaml\", key: a}", want: one("services.api.files[0].path", 4, "uses {version}, which is not a placeholder here")},
		{name: "ErrPathNoEnv", yaml: svc + "      - {path: \"helm/values.yaml\", key: api.tag}" + twoEnvs, want: one("services.api.files[0].path", 4, `"helm/values.yaml" has no {env}, so every environment would edit the same file`)},
		{name: "ErrKeyMissing", yaml: svc + "      - {path: \"e/{env}.yaml\"}", want: one("services.api.files[0].key", 4, "is required: the key path of the version in the file")},
		{name: "ErrKeyPath", yaml: svc + "      - {path: \"e/{env}.yaml\", key: \"a..b\"}", want: one("services.api.files[0].key", 4, `the key path "a..b" is not valid at character 3: expected a map key; write map keys separated by dots`)},
		{name: "ErrKeySelector", yaml: svc + "      - path: \"e/{env}.yaml\"\n        key: \"images[name].newTag\"", want: one("services.api.files[0].key", 5, `expected = after the selector field "name"`)},
		{name: "ErrValueNoVersion", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a, value: \"api-{env}\"}", want: one("services.api.files[0].value", 4, `"api-{env}" has no {version}`)},
		{name: "ErrValueVersionTwice", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a, value: \"{version}-{version}\"}", want: one("services.api.files[0].value", 4, "has {version} 2 times: it must appear exactly once")},
		{name: "ErrValueUnknownPlaceholder", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a, value: \"{tag}\"}", want: one("services.api.files[0].value", 4, "uses {tag}, which is not a placeholder here: it may use {version}, {service} and {env}")},
		{name: "ErrValueUnbalanced", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a, value: \"v{version}}\"}", want: one("services.api.files[0].value", 4, `has an unbalanced '}' at character 11`)},
		{name: "ErrDuplicateFile", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a}\n      - {path: \"e/{env}.yaml\", key: a}", want: one("services.api.files[1]", 5, "names the same path and key as services.api.files[0]")},
		{name: "ErrFileUnknownKey", yaml: svc + "      - {path: \"e/{env}.yaml\", key: a, file: b}", want: one("services.api.files[0].file", 4, `unknown key "file"; the valid keys here are: path, key, value`)},
		{name: "ErrWrongTypeIsNotAKeyPath", yaml: svc + "      - {path: \"e/{env}.yaml\", key: {a: b}}", want: one("services.api.files[0].key", 4, "must be a string, not a mapping")},
	})
}

func TestParseReportsEverything(t *testing.T) {
	_, err := Parse("x.yaml", []byte(`
slack: {channel: deploys}
github: {repository: acme}
argocd: {server: argocd}
store: {}
environments:
  - {name: Staging, watch: 10}
services:
  api: {files: [{path: /abs, key: "a["}]}
`))
	var ce *FileError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v", err)
	}
	checkProblems(t, ce.Problems, []wantProblem{
		{"slack.channel", 2, "not a Slack channel ID"},
		{"github.repository", 3, "owner/name"},
		{"argocd.server", 4, "host:port"},
		{"store.path", 5, "is required"},
		{"environments[0].name", 7, "did you mean staging?"},
		{"environments[0].watch", 7, "10m"},
		{"services.api.files[0].path", 9, "relative"},
		{"services.api.files[0].key", 9, "expected a list index"},
	})
	for i := 1; i < len(ce.Problems); i++ {
		if ce.Problems[i].Line < ce.Problems[i-1].Line {
			t.Errorf("problems not ordered by line:\n%s", problemLines(ce.Problems))
		}
	}
	if !strings.HasPrefix(err.Error(), "x.yaml: line 2: slack.channel: ") {
		t.Errorf("Error() = %q, want lines prefixed with file, line and key", err)
	}
}
