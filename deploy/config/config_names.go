package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Shapes of the names and identifiers a config file holds.
var (
	dnsLabelRE     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	slackChannelRE = regexp.MustCompile(`^[CG][A-Z0-9]{8,}$`)
	slackUserRE    = regexp.MustCompile(`^[UW][A-Z0-9]{6,}$`)
	slackGroupRE   = regexp.MustCompile(`^S[A-Z0-9]{6,}$`)
	repositoryRE   = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	githubLoginRE  = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	teamSlugRE     = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
)

// Words that commands treat specially and so cannot name an environment
// or a service. "all" is the engine's AllServices (deploy.AllServices, a
// test holds the two together).
var (
	reservedEnvNames     = []string{"all"}
	reservedServiceNames = []string{"all", "status", "help"}
)

// dnsLabel checks that s is a lowercase DNS label and not a reserved word;
// what is "environment", "alias" or "service".
func (p *configParser) dnsLabel(path string, line int, s, what string, reserved []string) bool {
	for _, r := range reserved {
		if s == r {
			p.addf(path, line, "%q is reserved (it means something in commands) and cannot be a %s name; choose another", s, what)
			return false
		}
	}
	if dnsLabelRE.MatchString(s) {
		return true
	}
	hint := ""
	if lower := strings.ToLower(s); lower != s && dnsLabelRE.MatchString(lower) {
		hint = fmt.Sprintf(" (did you mean %s?)", lower)
	}
	p.addf(path, line, "%q is not a valid %s name%s: use lowercase letters, digits and -, at most 63 characters, starting and ending with a letter or digit, like production", s, what, hint)
	return false
}

// slackChannel checks a Slack channel ID.
func (p *configParser) slackChannel(path string, line int, s string) bool {
	if slackChannelRE.MatchString(s) {
		return true
	}
	p.addf(path, line, "%q is not a Slack channel ID: use the channel ID (like C0123456789, shown at the bottom of the channel's details), not its #name", s)
	return false
}

// slackMember checks a Slack user (U…, W…) or user-group (S…) ID.
func (p *configParser) slackMember(path string, line int, s string) bool {
	if slackUserRE.MatchString(s) || slackGroupRE.MatchString(s) {
		return true
	}
	p.addf(path, line, "%q is not a Slack user or user-group ID: use IDs, not @names: a member ID like U0123ABCD (profile → ⋮ → Copy member ID) or a user-group ID like S0123ABCD", s)
	return false
}

// slackUser checks a Slack user ID (U…, W…).
func (p *configParser) slackUser(path string, line int, s string) bool {
	if slackUserRE.MatchString(s) {
		return true
	}
	p.addf(path, line, "%q is not a Slack user ID: use a member ID like U0123ABCD (profile → ⋮ → Copy member ID), not an @name or a user-group ID", s)
	return false
}

// repository checks an owner/name GitHub repository.
func (p *configParser) repository(path string, line int, s string) bool {
	if repositoryRE.MatchString(s) && !strings.HasSuffix(s, "/.") && !strings.HasSuffix(s, "/..") {
		return true
	}
	hint := ""
	if strings.Contains(s, "://") || strings.HasPrefix(s, "git@") {
		hint = ", not a URL"
	}
	p.addf(path, line, "%q is not a GitHub repository: write owner/name, like acme/gitops%s", s, hint)
	return false
}

// githubLogin checks a GitHub user login.
func (p *configParser) githubLogin(path string, line int, s string) bool {
	if githubLoginRE.MatchString(s) {
		return true
	}
	p.addf(path, line, "%q is not a GitHub login: write the user name without @, like octocat", s)
	return false
}

// teamSlug checks a GitHub team slug.
func (p *configParser) teamSlug(path string, line int, s string) bool {
	if teamSlugRE.MatchString(s) {
		return true
	}
	p.addf(path, line, "%q is not a GitHub team slug: write the team's slug without the organisation or @, like platform-leads", s)
	return false
}

// hostPort checks a host:port address without a scheme.
func (p *configParser) hostPort(path string, line int, s string) bool {
	host, port, err := net.SplitHostPort(s)
	if err == nil && host != "" && !strings.ContainsAny(host, "/ ") {
		if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65536 {
			return true
		}
	}
	hint := ""
	if strings.Contains(s, "://") {
		hint = " without a scheme"
	}
	p.addf(path, line, "%q is not host:port: write the Argo CD API server's address%s, like argocd.example.com:443", s, hint)
	return false
}

// httpURL checks an absolute http or https URL.
func (p *configParser) httpURL(path string, line int, s, example string) bool {
	if isHTTPURL(s) {
		return true
	}
	p.addf(path, line, "%q is not an http(s) URL: write an absolute URL like %s", s, example)
	return false
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
