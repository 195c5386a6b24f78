package config

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// This file keeps credentials written into URLs (https://user:token@host/,
// user:token@host:443) out of the config and out of every message about
// it. A value that carries one is never repeated: not in the problem that
// refuses it, nor in any other problem about the same value.

// credentialKeys are the keys whose values are addresses, and the
// environment variable that holds the credential for each. Keys are
// matched by prefix and suffix, so services.<name>.source and
// environments[<i>].monitoring are covered.
var credentialKeys = []struct {
	prefix, suffix string
	env            string // "" when no credential belongs there at all
	hostPort       bool   // host:port, where any @ is user info
}{
	{prefix: "slack.", env: EnvSlackBotToken},
	{prefix: "github.", env: EnvGitHubToken},
	{prefix: "services.", suffix: ".source", env: EnvGitHubToken},
	{prefix: "argocd.server", env: EnvArgoCDAuthToken, hostPort: true},
	{prefix: "argocd.", env: EnvArgoCDAuthToken},
	{prefix: "environments[", suffix: ".monitoring"},
}

// credentialEnv returns the environment variable that holds the
// credential for key, and whether key is a host:port address.
func credentialEnv(key string) (env string, hostPort bool) {
	for _, k := range credentialKeys {
		if strings.HasPrefix(key, k.prefix) && strings.HasSuffix(key, k.suffix) {
			return k.env, k.hostPort
		}
	}
	return "", false
}

// hasUserinfo reports whether s carries a user name or password: the
// user info of a URL (scheme://user:pw@host, scheme://token@host, also
// when a password breaks the URL), or user:pw@host without a scheme. When
// hostPort is set, any @ counts, as a host:port address never has one.
func hasUserinfo(s string, hostPort bool) bool {
	if i := strings.Index(s, "://"); i >= 0 {
		u, err := url.Parse(s)
		if err != nil { // a password holding / ? or # makes the URL unparseable
			return strings.Contains(s[i+3:], "@")
		}
		return u.User != nil
	}
	if hostPort {
		return strings.Contains(s, "@")
	}
	head, _, _ := strings.Cut(s, "/")
	at := strings.LastIndex(head, "@")
	return at > 0 && strings.Contains(head[:at], ":")
}

// credentialProblem is the message for a value of key that holds a
// credential. It never includes the value.
func credentialProblem(key string) string {
	const base = "holds a user name, password or token before @ (the value is not shown, so that it stays out of logs); credentials never go in the config file"
	env, _ := credentialEnv(key)
	switch {
	case env == EnvGitHubToken:
		return base + ": remove everything up to the @ and set " + EnvGitHubToken + " (or " + EnvGitHubToken + "_FILE, or a GitHub App with " +
			EnvGitHubAppID + ", " + EnvGitHubAppInstallationID + " and " + EnvGitHubAppPrivateKey + "_FILE) in the environment"
	case env != "":
		return base + ": remove everything up to the @ and set " + env + " (or " + env + "_FILE) in the environment"
	case strings.HasSuffix(key, ".monitoring"):
		return base + ": monitoring links are shown to everyone in the channel; link to a dashboard that asks people to sign in instead"
	}
	return base + ": set them in the environment (" + EnvSlackBotToken + ", " + EnvGitHubToken + ", " + EnvArgoCDAuthToken + ")"
}

// checkCredentialURLs refuses user info in every address the config
// accepted: argocd.server, github.repository, github.apiURL, slack.apiURL,
// each service's source and each environment's monitoring template. A
// key already reported (a token recognised by its shape) is not reported
// twice.
func (p *configParser) checkCredentialURLs(cfg *Config) {
	reported := make(map[string]bool, len(p.problems))
	for _, pr := range p.problems {
		reported[pr.Key] = true
	}
	check := func(key, value string) {
		_, hostPort := credentialEnv(key)
		if value != "" && !reported[key] && hasUserinfo(value, hostPort) {
			p.problems = append(p.problems, Problem{Key: key, Line: p.lines[key], Message: credentialProblem(key)})
		}
	}
	check("slack.apiURL", cfg.Slack.APIURL)
	check("github.repository", cfg.GitHub.Repository)
	check("github.apiURL", cfg.GitHub.APIURL)
	check("argocd.server", cfg.ArgoCD.Server)
	check("argocd.grpcWebRootPath", cfg.ArgoCD.GRPCWebRootPath)
	for _, s := range cfg.Services {
		if s.Name != "" {
			check(keyJoin(keyJoin("services", s.Name), "source"), s.Source)
		}
	}
	for i, e := range cfg.Environments {
		sample := ExpandTemplate(e.Monitoring, map[string]string{"service": "api", "env": "production"})
		check(keyJoin(keyIndex("environments", i), "monitoring"), sample)
	}
}

// quotedRE matches the Go-quoted strings (%q) messages repeat values in.
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// unquotedUserinfoRE matches user info repeated without quotes, like the
// "write [%s] for a list of one" hint: scheme://…@ or user:pw@.
var unquotedUserinfoRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'\]]*@|[^\s"'\[/@:]+:[^\s"'\[/@]+@`)

// quotesCredential reports whether a problem's message repeats a value
// that holds a credential.
func quotesCredential(pr Problem) bool {
	if !strings.Contains(pr.Message, "@") {
		return false
	}
	_, hostPort := credentialEnv(pr.Key)
	for _, q := range quotedRE.FindAllString(pr.Message, -1) {
		if s, err := strconv.Unquote(q); err == nil && hasUserinfo(s, hostPort) {
			return true
		}
	}
	return unquotedUserinfoRE.MatchString(pr.Message)
}

// hideCredentials replaces every problem that repeats a value holding a
// credential (a check that refused the value's shape and quoted it) by
// the credential problem for its key, so that the value appears nowhere.
func (p *configParser) hideCredentials() {
	for i, pr := range p.problems {
		if quotesCredential(pr) {
			p.problems[i].Message = credentialProblem(pr.Key)
		}
	}
}
