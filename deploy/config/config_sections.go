package config

import (
	"net"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// topLevelKeys are the sections of deploybot.yaml, in the order the file
// usually has them.
var topLevelKeys = []string{"slack", "github", "argocd", "store", "environments", "services", "server", "people", "automation", "api"}

// topLevel walks the root mapping into cfg.
func (p *configParser) topLevel(n *yaml.Node, cfg *Config) {
	cfg.GitHub.BaseBranch = "main"
	cfg.Server.Listen = DefaultListen
	p.fields("", n, []configField{
		{name: "slack", required: true, hint: "a mapping with channel (the announcement channel's ID)",
			parse: func(k string, v *yaml.Node) { p.slack(k, v, &cfg.Slack) }},
		{name: "github", required: true, hint: "a mapping with repository (owner/name of the GitOps repo)",
			parse: func(k string, v *yaml.Node) { p.github(k, v, &cfg.GitHub) }},
		{name: "argocd", required: true, hint: "a mapping with server (host:port of the Argo CD API)",
			parse: func(k string, v *yaml.Node) { p.argocd(k, v, &cfg.ArgoCD) }},
		{name: "store", required: true, hint: "a mapping with path (the bbolt file)",
			parse: func(k string, v *yaml.Node) { p.store(k, v, &cfg.Store) }},
		{name: "environments", required: true, hint: "a list of environments, like - name: staging",
			parse: func(k string, v *yaml.Node) { cfg.Environments = p.environments(k, v) }},
		{name: "services", required: true, hint: "a mapping from service name to its argocdApp, version and files",
			parse: func(k string, v *yaml.Node) { cfg.Services = p.services(k, v) }},
		{name: "server", parse: func(k string, v *yaml.Node) { p.server(k, v, &cfg.Server) }},
		{name: "people", parse: func(k string, v *yaml.Node) { cfg.People = p.people(k, v) }},
		{name: "automation", parse: func(k string, v *yaml.Node) { cfg.Automation = p.automations(k, v) }},
		{name: "api", parse: func(k string, v *yaml.Node) { p.api(k, v, &cfg.API) }},
	})
}

// people walks the optional `people` mapping from Slack user ID to GitHub
// login.
func (p *configParser) people(path string, n *yaml.Node) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.addf(path, n.Line, "must be a mapping from Slack user ID to GitHub login (U0123ABCD: octocat), not %s", kindName(n))
		return nil
	}
	pairs := p.pairs(path, n)
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		id := kv.key.Value
		key := keyJoin(path, id)
		v := resolveAlias(kv.value)
		p.lines[key] = kv.key.Line
		if !p.slackUser(key, kv.key.Line, id) {
			continue
		}
		if login, ok := p.str(key, v); ok && p.githubLogin(key, v.Line, login) {
			out[id] = login
		}
	}
	return out
}

// slack walks the `slack` section.
func (p *configParser) slack(path string, n *yaml.Node, c *SlackConfig) {
	p.fields(path, n, []configField{
		{name: "channel", required: true, hint: "the ID of the channel announcements go to, like C0123456789",
			parse: func(k string, v *yaml.Node) {
				if s, ok := p.str(k, v); ok && p.slackChannel(k, v.Line, s) {
					c.Channel = s
				}
			}},
		{name: "apiURL", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok && p.httpURL(k, v.Line, s, "http://127.0.0.1:PORT/api/ (the testdrive's Slack stand-in)") {
				c.APIURL = s
			}
		}},
	})
}

// github walks the `github` section.
func (p *configParser) github(path string, n *yaml.Node, c *GitHubConfig) {
	p.fields(path, n, []configField{
		{name: "repository", required: true, hint: "the GitOps config repository as owner/name, like acme/gitops",
			parse: func(k string, v *yaml.Node) {
				if s, ok := p.str(k, v); ok && p.repository(k, v.Line, s) {
					c.Repository = s
				}
			}},
		{name: "baseBranch", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok && p.branch(k, v.Line, s) {
				c.BaseBranch = s
			}
		}},
		{name: "apiURL", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok && p.httpURL(k, v.Line, s, "https://github.example.com/api/v3/") {
				c.APIURL = s
			}
		}},
		{name: "reviewers", parse: func(k string, v *yaml.Node) {
			c.Reviewers = p.strList(k, v, "GitHub logins", p.githubLogin)
		}},
		{name: "teamReviewers", parse: func(k string, v *yaml.Node) {
			c.TeamReviewers = p.strList(k, v, "GitHub team slugs", p.teamSlug)
		}},
	})
}

// branch checks a Git branch name loosely: what Git refuses outright.
func (p *configParser) branch(path string, line int, s string) bool {
	if !strings.ContainsAny(s, " \t~^:?*[\\") && !strings.Contains(s, "..") &&
		!strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "refs/") {
		return true
	}
	p.addf(path, line, "%q is not a branch name: write the branch promotion PRs merge into, like main", s)
	return false
}

// argocd walks the `argocd` section.
func (p *configParser) argocd(path string, n *yaml.Node, c *ArgoCDConfig) {
	flag := func(dst *bool) func(string, *yaml.Node) {
		return func(k string, v *yaml.Node) { *dst = p.boolean(k, v) }
	}
	p.fields(path, n, []configField{
		{name: "server", required: true, hint: "the Argo CD API server as host:port, like argocd.example.com:443",
			parse: func(k string, v *yaml.Node) {
				if s, ok := p.str(k, v); ok && p.hostPort(k, v.Line, s) {
					c.Server = s
				}
			}},
		{name: "plaintext", parse: flag(&c.Plaintext)},
		{name: "insecure", parse: flag(&c.Insecure)},
		{name: "allowInsecure", parse: flag(&c.AllowInsecure)},
		{name: "grpcWeb", parse: flag(&c.GRPCWeb)},
		{name: "grpcWebRootPath", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok {
				if strings.ContainsAny(s, " \t\n?#") {
					p.addf(k, v.Line, "%q is not a URL path: write the path Argo CD is served below, like /argo-cd", s)
					return
				}
				c.GRPCWebRootPath = s
			}
		}},
	})
}

// store walks the `store` section.
func (p *configParser) store(path string, n *yaml.Node, c *StoreConfig) {
	p.fields(path, n, []configField{
		{name: "path", required: true, hint: "the path of the bbolt state file, like /var/lib/deploybot/deploybot.db",
			parse: func(k string, v *yaml.Node) { c.Path, _ = p.str(k, v) }},
	})
}

// server walks the optional `server` section.
func (p *configParser) server(path string, n *yaml.Node, c *ServerConfig) {
	p.fields(path, n, []configField{
		{name: "listen", parse: func(k string, v *yaml.Node) {
			if s, ok := p.str(k, v); ok && s != "" && p.listenAddr(k, v.Line, s) {
				c.Listen = s
			}
		}},
	})
}

// listenAddr checks a listen address: host:port or :port, with a port
// from 1 to 65535.
func (p *configParser) listenAddr(path string, line int, s string) bool {
	host, port, err := net.SplitHostPort(s)
	if err == nil && !strings.ContainsAny(host, "/ ") {
		if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65536 {
			return true
		}
	}
	p.addf(path, line, "%q is not a listen address: write host:port or :port, like :8080 or 127.0.0.1:8080", s)
	return false
}
