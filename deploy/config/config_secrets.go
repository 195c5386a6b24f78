package config

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// secretShape is one kind of credential recognisable by its text.
type secretShape struct {
	re   *regexp.Regexp
	what string // "a Slack bot token"
	fix  string // where it belongs instead
}

// secretShapes are the credentials the config file must not hold.
var secretShapes = []secretShape{
	{regexp.MustCompile(`xoxb-[A-Za-z0-9-]{4,}`), "a Slack bot token",
		"set SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) in the environment"},
	{regexp.MustCompile(`xapp-[A-Za-z0-9-]{4,}`), "a Slack app-level token",
		"set SLACK_APP_TOKEN (or SLACK_APP_TOKEN_FILE) in the environment"},
	{regexp.MustCompile(`xox[pae]-[A-Za-z0-9-]{4,}`), "a Slack user or legacy token",
		"deploybot uses a bot token: set SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) in the environment"},
	{regexp.MustCompile(`(?:gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,})`), "a GitHub token",
		"set GITHUB_TOKEN (or GITHUB_TOKEN_FILE) in the environment"},
	{regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY`), "a private key",
		"set GITHUB_APP_PRIVATE_KEY_FILE to the key file's path in the environment"},
	{regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`), "a JWT (Argo CD auth tokens are JWTs)",
		"set ARGOCD_AUTH_TOKEN (or ARGOCD_AUTH_TOKEN_FILE) in the environment"},
}

// anySecret matches any of secretShapes, for redaction.
var anySecret = func() *regexp.Regexp {
	parts := make([]string, len(secretShapes))
	for i, s := range secretShapes {
		parts[i] = s.re.String()
	}
	return regexp.MustCompile(strings.Join(parts, "|"))
}()

// mightHoldSecret is a cheap test that rules out most text before the
// regular expressions run.
func mightHoldSecret(s string) bool {
	return strings.Contains(s, "xox") || strings.Contains(s, "xapp-") || strings.Contains(s, "gh") ||
		strings.Contains(s, "-----BEGIN") || strings.Contains(s, "eyJ")
}

// secretIn returns the shape of the first credential in s, if any.
func secretIn(s string) (secretShape, bool) {
	if mightHoldSecret(s) {
		for _, sh := range secretShapes {
			if sh.re.MatchString(s) {
				return sh, true
			}
		}
	}
	return secretShape{}, false
}

// redactSecrets replaces every credential in s by [redacted].
func redactSecrets(s string) string {
	if !mightHoldSecret(s) {
		return s
	}
	return anySecret.ReplaceAllString(s, "[redacted]")
}

// normalizeKey lowercases key and drops - and _, so that api_key, API-KEY
// and apiKey compare equal.
func normalizeKey(key string) string {
	b := make([]byte, 0, len(key))
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c == '-' || c == '_':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// secretKeyName reports whether a key's name says it holds a secret:
// token, password, secret, privateKey, apiKey, and names ending in those
// (botToken, client_secret), ignoring case, - and _.
func secretKeyName(key string) bool {
	k := normalizeKey(key)
	for _, suffix := range []string{"token", "password", "passwd", "secret", "privatekey", "apikey"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}

// scanSecrets reports every credential in the file: scalars that look like
// one, keys named like one (but for service names), and comments holding one. It does not follow
// aliases, so each node is seen once, where it is written.
func (p *configParser) scanSecrets(n *yaml.Node) {
	p.scanNode("", n)
}

func (p *configParser) scanNode(path string, n *yaml.Node) {
	p.scanComments(path, n)
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			p.scanNode(path, c)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p.scanNode(keyIndex(path, i), c)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p.scanPair(path, n.Content[i], n.Content[i+1])
		}
	case yaml.ScalarNode:
		if sh, ok := secretIn(n.Value); ok {
			p.secretProblem(path, n.Line, "looks like "+sh.what, sh)
		}
	}
}

// scanPair checks one key and its value.
func (p *configParser) scanPair(path string, k, v *yaml.Node) {
	if sh, ok := secretIn(k.Value); ok {
		p.secretProblem(path, k.Line, "has a key that looks like "+sh.what, sh)
		p.scanComments(path, k)
		return
	}
	key := keyJoin(path, k.Value)
	p.scanComments(key, k)
	if path == "services" || !secretKeyName(k.Value) || isTokenRef(path, k.Value, v) { // service names are names, not settings
		p.scanNode(key, v)
		return
	}
	if sh, ok := secretIn(v.Value); ok && v.Kind == yaml.ScalarNode {
		p.secretProblem(key, v.Line, "looks like "+sh.what, sh)
		p.scanComments(key, v)
		return
	}
	p.addf(key, k.Line, "is named like a secret; secrets never go in the config file: set them in the environment (SLACK_APP_TOKEN, SLACK_BOT_TOKEN, GITHUB_TOKEN or the GITHUB_APP_* variables, ARGOCD_AUTH_TOKEN), or their *_FILE variants")
	if v.Kind != yaml.ScalarNode {
		p.scanNode(key, v)
	}
}

// scanComments checks the comments attached to n.
func (p *configParser) scanComments(path string, n *yaml.Node) {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		if sh, ok := secretIn(c); ok {
			p.secretProblem(path, n.Line, "has a comment that looks like "+sh.what+"; remove it", sh)
		}
	}
}

// secretProblem records a credential found in the file without its value.
func (p *configParser) secretProblem(path string, line int, what string, sh secretShape) {
	p.addf(path, line, "%s", fmt.Sprintf("%s; secrets never go in the config file: %s", what, sh.fix))
}
