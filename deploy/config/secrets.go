package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// Environment variables that hold deploybot's credentials. Each token may
// instead be given as a file path in the variable named with a _FILE suffix.
const (
	EnvSlackAppToken           = "SLACK_APP_TOKEN"
	EnvSlackBotToken           = "SLACK_BOT_TOKEN"
	EnvGitHubToken             = "GITHUB_TOKEN"
	EnvGitHubAppID             = "GITHUB_APP_ID"
	EnvGitHubAppInstallationID = "GITHUB_APP_INSTALLATION_ID"
	EnvGitHubAppPrivateKey     = "GITHUB_APP_PRIVATE_KEY" // usually as GITHUB_APP_PRIVATE_KEY_FILE
	EnvArgoCDAuthToken         = "ARGOCD_AUTH_TOKEN"
)

// Secrets are the credentials deploybot takes from its environment, never
// from the config file. GitHub access is either GitHubToken or a GitHub App
// (GitHubAppID, GitHubAppInstallationID, GitHubAppPrivateKey).
type Secrets struct {
	SlackAppToken           Secret // xapp-…, for Socket Mode
	SlackBotToken           Secret // xoxb-…, for the Web API
	GitHubToken             Secret
	GitHubAppID             int64
	GitHubAppInstallationID int64
	GitHubAppPrivateKey     Secret // PEM
	ArgoCDAuthToken         Secret // a JWT
}

// LoadSecrets reads the credentials from the environment through getenv,
// and from the files named by *_FILE variables through readFile (usually
// os.Getenv and os.ReadFile). Values are trimmed of surrounding whitespace.
// Nothing is required here (see Require), but whatever is set must have the
// right shape. On any problem it returns a *fault.Error with CodeInvalid listing
// them all, one per line, naming variables and paths but never values.
func LoadSecrets(getenv func(string) string, readFile func(string) ([]byte, error)) (Secrets, error) {
	l := &secretLoader{getenv: getenv, readFile: readFile, set: map[string]bool{}}
	s := Secrets{
		SlackAppToken:           l.secret(EnvSlackAppToken, checkSlackAppToken),
		SlackBotToken:           l.secret(EnvSlackBotToken, checkSlackBotToken),
		GitHubToken:             l.secret(EnvGitHubToken, checkOneWord),
		GitHubAppID:             l.id(EnvGitHubAppID, "App ID"),
		GitHubAppInstallationID: l.id(EnvGitHubAppInstallationID, "installation ID"),
		GitHubAppPrivateKey:     l.secret(EnvGitHubAppPrivateKey, checkPrivateKey),
		ArgoCDAuthToken:         l.secret(EnvArgoCDAuthToken, checkArgoCDToken),
	}
	l.checkGitHubChoice()
	if len(l.problems) > 0 {
		return Secrets{}, &fault.Error{Code: fault.CodeInvalid, Message: strings.Join(l.problems, "\n")}
	}
	return s, nil
}

// UsesGitHubApp reports whether GitHub access is through a GitHub App
// rather than a token.
func (s Secrets) UsesGitHubApp() bool { return s.GitHubAppID != 0 }

// secretLoader collects the problems LoadSecrets finds.
type secretLoader struct {
	getenv   func(string) string
	readFile func(string) ([]byte, error)
	set      map[string]bool // variables given, by base name
	problems []string
}

func (l *secretLoader) addf(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

// secret reads NAME or NAME_FILE and checks the value's shape; check
// returns a problem about the value held in the variable it is told, or "".
func (l *secretLoader) secret(name string, check func(from, v string) string) Secret {
	v, from := l.read(name)
	if v == "" {
		return Secret{}
	}
	if name == EnvGitHubAppPrivateKey && from == name && !strings.Contains(v, "\n") {
		v = strings.ReplaceAll(v, `\n`, "\n") // a PEM pasted into one line
	}
	if msg := check(from, v); msg != "" {
		l.problems = append(l.problems, msg)
		return Secret{}
	}
	return NewSecret(v)
}

// read returns the value of NAME, or the contents of the file NAME_FILE
// names, and which of the two variables it came from.
func (l *secretLoader) read(name string) (value, from string) {
	fileVar := name + "_FILE"
	v, path := strings.TrimSpace(l.getenv(name)), strings.TrimSpace(l.getenv(fileVar))
	l.set[name] = v != "" || path != ""
	switch {
	case v != "" && path != "":
		l.addf("both %s and %s are set: set only one of them", name, fileVar)
		return "", ""
	case path == "":
		return v, name
	}
	data, err := l.readFile(path)
	if err != nil {
		l.addf("%s names %s, which cannot be read: %v", fileVar, path, err)
		return "", ""
	}
	if v = strings.TrimSpace(string(data)); v == "" {
		l.addf("%s names %s, which is empty", fileVar, path)
	}
	return v, fileVar
}

// id reads a positive integer such as GITHUB_APP_ID.
func (l *secretLoader) id(name, what string) int64 {
	v := strings.TrimSpace(l.getenv(name))
	l.set[name] = v != ""
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		l.addf("%s must be a positive whole number: the GitHub App's %s, from its settings page", name, what)
		return 0
	}
	return n
}

// checkGitHubChoice requires either a token or a complete GitHub App.
func (l *secretLoader) checkGitHubChoice() {
	app := []string{EnvGitHubAppID, EnvGitHubAppInstallationID, EnvGitHubAppPrivateKey}
	var given, missing []string
	for _, name := range app {
		if l.set[name] {
			given = append(given, name)
		} else {
			missing = append(missing, name)
		}
	}
	switch {
	case len(given) == 0:
	case l.set[EnvGitHubToken]:
		l.addf("both %s and GitHub App variables (%s) are set: use either a token or a GitHub App, not both", EnvGitHubToken, strings.Join(given, ", "))
	case len(missing) > 0:
		for i, name := range missing {
			if name == EnvGitHubAppPrivateKey {
				missing[i] = EnvGitHubAppPrivateKey + "_FILE"
			}
		}
		verb := "are"
		if len(missing) == 1 {
			verb = "is"
		}
		l.addf("the GitHub App settings are incomplete: %s %s not set; a GitHub App needs %s, %s and %s_FILE",
			strings.Join(missing, " and "), verb, EnvGitHubAppID, EnvGitHubAppInstallationID, EnvGitHubAppPrivateKey)
	}
}
