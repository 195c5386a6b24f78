package config

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// The shape checks below get the variable a value came from (NAME or
// NAME_FILE) and return a problem naming it, or "". They never quote the
// value.

// checkOneWord refuses values with inner whitespace: a token is one word.
func checkOneWord(from, v string) string {
	if strings.ContainsAny(v, " \t\r\n") {
		return fmt.Sprintf("%s holds more than one word or line; it must hold just the token", from)
	}
	return ""
}

// checkSlackAppToken requires an app-level token (xapp-).
func checkSlackAppToken(from, v string) string {
	switch {
	case strings.HasPrefix(v, "xapp-"):
		return checkOneWord(from, v)
	case strings.HasPrefix(v, "xoxb-"):
		return fmt.Sprintf("%s holds a bot token (xoxb-); put it in %s, and put the app-level token (xapp-) in %s", from, EnvSlackBotToken, EnvSlackAppToken)
	}
	return fmt.Sprintf("%s does not hold a Slack app-level token: it must start with xapp- (the app's Basic Information → App-Level Tokens, with the connections:write scope)", from)
}

// checkSlackBotToken requires a bot token (xoxb-).
func checkSlackBotToken(from, v string) string {
	switch {
	case strings.HasPrefix(v, "xoxb-"):
		return checkOneWord(from, v)
	case strings.HasPrefix(v, "xapp-"):
		return fmt.Sprintf("%s holds an app-level token (xapp-); put it in %s, and put the bot token (xoxb-) in %s", from, EnvSlackAppToken, EnvSlackBotToken)
	case strings.HasPrefix(v, "xoxp-"):
		return fmt.Sprintf("%s holds a user token (xoxp-); deploybot acts as its bot: use the Bot User OAuth Token (xoxb-) from OAuth & Permissions", from)
	}
	return fmt.Sprintf("%s does not hold a Slack bot token: it must start with xoxb- (the app's OAuth & Permissions → Bot User OAuth Token)", from)
}

// checkArgoCDToken requires a JWT, which is what Argo CD issues.
func checkArgoCDToken(from, v string) string {
	parts := strings.Split(v, ".")
	if len(parts) == 3 && strings.HasPrefix(v, "eyJ") && parts[1] != "" && checkOneWord(from, v) == "" {
		return ""
	}
	return fmt.Sprintf("%s does not hold an Argo CD auth token (a JWT: three base64url parts joined by dots, starting with eyJ); create one with argocd account generate-token", from)
}

// checkPrivateKey requires a PEM private key.
func checkPrivateKey(from, v string) string {
	if strings.HasPrefix(v, "-----BEGIN ") && strings.Contains(v, "PRIVATE KEY-----") {
		return ""
	}
	return fmt.Sprintf("%s does not hold a PEM private key (-----BEGIN RSA PRIVATE KEY-----…); use the .pem file generated in the GitHub App's settings", from)
}

// SecretGroup names the credentials one integration needs.
type SecretGroup int

// Secret groups, for Secrets.Require.
const (
	SecretsSlack  SecretGroup = iota + 1 // SLACK_APP_TOKEN and SLACK_BOT_TOKEN
	SecretsGitHub                        // GITHUB_TOKEN or a complete GitHub App
	SecretsArgoCD                        // ARGOCD_AUTH_TOKEN
)

// Require checks that the credentials of every group are present, for a
// command that needs them. It returns nil, or a *fault.Error with CodeInvalid
// naming each missing variable, one per line.
func (s Secrets) Require(groups ...SecretGroup) error {
	var missing []string
	need := func(ok bool, name, what string) {
		if !ok {
			missing = append(missing, fmt.Sprintf("%s is not set: set it (or %s_FILE) to %s", name, name, what))
		}
	}
	for _, g := range groups {
		switch g {
		case SecretsSlack:
			need(!s.SlackAppToken.IsZero(), EnvSlackAppToken, "the Slack app-level token (xapp-)")
			need(!s.SlackBotToken.IsZero(), EnvSlackBotToken, "the Slack bot token (xoxb-)")
		case SecretsGitHub:
			need(!s.GitHubToken.IsZero() || s.UsesGitHubApp(), EnvGitHubToken,
				fmt.Sprintf("a GitHub token, or use a GitHub App with %s, %s and %s_FILE", EnvGitHubAppID, EnvGitHubAppInstallationID, EnvGitHubAppPrivateKey))
		case SecretsArgoCD:
			need(!s.ArgoCDAuthToken.IsZero(), EnvArgoCDAuthToken, "an Argo CD auth token (argocd account generate-token)")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &fault.Error{Code: fault.CodeInvalid, Message: strings.Join(missing, "\n")}
}
