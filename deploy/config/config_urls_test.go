package config

import (
	"fmt"
	"strings"
	"testing"
)

// Credentials written into addresses; none may appear in any problem.
const (
	urlPassword = "s3cr3tPassw0rd"
	urlUser     = "t0kenAsUserName"
)

// Fragments of the credential problem for each variable.
const (
	wantGitHubCred = "holds a user name, password or token before @ (the value is not shown, so that it stays out of logs); credentials never go in the config file: remove everything up to the @ and set GITHUB_TOKEN (or GITHUB_TOKEN_FILE, or a GitHub App"
	wantArgoCred   = "credentials never go in the config file: remove everything up to the @ and set ARGOCD_AUTH_TOKEN (or ARGOCD_AUTH_TOKEN_FILE) in the environment"
	wantSlackCred  = "credentials never go in the config file: remove everything up to the @ and set SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) in the environment"
)

func TestParseRejectsCredentialsInURLs(t *testing.T) {
	pw, user := urlPassword, urlUser
	cases := []rejectCase{
		{name: "ErrArgoServerUserPassword", yaml: "\nargocd: {server: \"admin:" + pw + "@argocd.example.com:443\"}",
			want: one("argocd.server", 1, wantArgoCred)},
		{name: "ErrArgoServerTokenAsUser", yaml: "\nargocd:\n  server: " + user + "@argocd.example.com:443",
			want: one("argocd.server", 2, wantArgoCred)},
		{name: "ErrArgoServerTokenAsUserNoPort", yaml: "\nargocd: {server: \"" + user + "@argocd.example.com\"}",
			want: one("argocd.server", 1, wantArgoCred)},
		{name: "ErrArgoServerURL", yaml: "\nargocd: {server: \"https://admin:" + pw + "@argocd.example.com:443\"}",
			want: one("argocd.server", 1, wantArgoCred)},
		{name: "ErrGitHubRepositoryURL", yaml: "\ngithub: {repository: \"https://x-access-token:" + pw + "@github.com/acme/gitops\"}",
			want: one("github.repository", 1, wantGitHubCred)},
		{name: "ErrGitHubRepositoryTokenAsUser", yaml: "\ngithub: {repository: \"https://" + user + "@github.com/acme/gitops.git\"}",
			want: one("github.repository", 1, wantGitHubCred)},
		{name: "ErrGitHubRepositoryNoScheme", yaml: "\ngithub: {repository: \"bot:" + pw + "@github.com/acme/gitops\"}",
			want: one("github.repository", 1, wantGitHubCred)},
		{name: "ErrGitHubAPIURL", yaml: "\ngithub:\n  repository: acme/gitops\n  apiURL: https://bot:" + pw + "@github.example.com/api/v3/",
			want: one("github.apiURL", 3, wantGitHubCred)},
		{name: "ErrGitHubAPIURLTokenAsUser", yaml: "\ngithub: {repository: acme/gitops, apiURL: \"https://" + user + "@github.example.com/api/v3/\"}",
			want: one("github.apiURL", 1, wantGitHubCred)},
		{name: "ErrGitHubAPIURLBrokenByPassword", yaml: "\ngithub: {repository: acme/gitops, apiURL: \"https://bot:" + pw + "/#x@github.example.com/api/v3/\"}",
			want: one("github.apiURL", 1, wantGitHubCred)},
		{name: "ErrSlackAPIURL", yaml: "\nslack: {channel: C0123456789, apiURL: \"https://bot:" + pw + "@slack.example.com/api/\"}",
			want: one("slack.apiURL", 1, wantSlackCred)},
		{name: "ErrServiceSource", yaml: "\nservices:\n  api:\n    source: https://bot:" + pw + "@github.com/acme/api\n    files:\n      - {path: \"envs/{env}/api.yaml\", key: image.tag}",
			want: one("services.api.source", 3, wantGitHubCred)},
		{name: "ErrMonitoring", yaml: "\nenvironments:\n  - name: staging\n    monitoring: \"https://admin:" + pw + "@grafana.example.com/d/{service}?var-env={env}\"",
			want: one("environments[0].monitoring", 3, "monitoring links are shown to everyone in the channel; link to a dashboard that asks people to sign in instead")},
		{name: "ErrMonitoringBadPlaceholder", yaml: "\nenvironments:\n  - name: staging\n    monitoring: \"https://admin:" + pw + "@grafana.example.com/d/{svc}\"",
			want: one("environments[0].monitoring", 3, "monitoring links are shown to everyone")},
		// Other checks that repeat a value must not repeat this one.
		{name: "ErrListGivenURL", yaml: "\ngithub: {repository: acme/gitops, reviewers: \"https://bot:" + pw + "@github.com\"}",
			want: one("github.reviewers", 1, wantGitHubCred)},
		{name: "ErrBooleanGivenURL", yaml: "\nargocd: {server: \"argocd:443\", plaintext: \"https://admin:" + pw + "@argocd\"}",
			want: one("argocd.plaintext", 1, wantArgoCred)},
		{name: "ErrListenGivenUserinfo", yaml: "\nserver: {listen: \"admin:" + pw + "@:8080\"}",
			want: one("server.listen", 1, "credentials never go in the config file: set them in the environment (SLACK_BOT_TOKEN, GITHUB_TOKEN, ARGOCD_AUTH_TOKEN)")},
		{name: "ErrYAMLSyntax", raw: true, yaml: "argocd:\n  server: https://admin:" + pw + "@argocd:443\n   store: x\n",
			want: one("", 3, "invalid YAML: mapping values are not allowed in this context")},
		{name: "ErrYAMLUnclosed", raw: true, yaml: "argocd: {server: \"https://admin:" + pw + "@argocd:443}\n",
			want: one("", 2, "invalid YAML: found unexpected end of stream")},
	}
	runRejectCases(t, cases)
	for _, tc := range cases {
		text := tc.yaml
		if !tc.raw {
			text = withDefaults(text)
		}
		_, err := Parse("deploybot.yaml", []byte(text))
		// %#v shows every field of every problem, the whole error chain.
		// UserMessage shows err.Error() for a *FileError.
		for _, shown := range []string{err.Error(), fmt.Sprintf("%#v", err)} {
			for _, secret := range []string{pw, user} {
				if strings.Contains(shown, secret) {
					t.Errorf("%s: the error shows %q:\n%s", tc.name, secret, shown)
				}
			}
		}
	}
}

func TestParseAllowsAtSignsThatAreNotCredentials(t *testing.T) {
	for _, tc := range []struct{ name, yaml string }{
		{"OKKibanaQuery", "\nenvironments:\n  - name: staging\n    monitoring: \"https://kibana.example.com/app/discover#/?_a=(sort:!('@timestamp',desc),query:'{service}')\""},
		{"OKAtInPath", "\nenvironments:\n  - name: staging\n    monitoring: \"https://grafana.example.com/d/{service}@{env}\""},
		{"OKEnterprise", "\ngithub: {repository: acme/gitops, apiURL: \"https://github.example.com/api/v3/\"}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Parse("deploybot.yaml", []byte(withDefaults(tc.yaml))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseSSHRepositoryIsNotACredential(t *testing.T) {
	runRejectCases(t, []rejectCase{
		{name: "ErrSCPLikeURL", yaml: "\ngithub: {repository: \"git@github.com:acme/gitops\"}",
			want: one("github.repository", 1, `"git@github.com:acme/gitops" is not a GitHub repository: write owner/name, like acme/gitops, not a URL`)},
	})
}

func TestHasUserinfo(t *testing.T) {
	for _, tc := range []struct {
		s        string
		hostPort bool
		want     bool
	}{
		{"https://u:p@h/", false, true},
		{"https://tok@h/", false, true},
		{"https://u:p/q@h/", false, true}, // the password breaks the URL
		{"https://h/x@y", false, false},
		{"https://h/?q=@t", false, false},
		{"u:p@h:443", true, true},
		{"tok@h:443", true, true},
		{"h:443", true, false},
		{"u:p@github.com/acme/gitops", false, true},
		{"git@github.com:acme/gitops", false, false},
		{"acme/gitops", false, false},
		{"@maria", false, false},
	} {
		if got := hasUserinfo(tc.s, tc.hostPort); got != tc.want {
			t.Errorf("hasUserinfo(%q, %v) = %v, want %v", tc.s, tc.hostPort, got, tc.want)
		}
	}
}
