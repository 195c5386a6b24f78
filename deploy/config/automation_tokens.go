package config

import (
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// AutomationTokens are the tokens of a config's automations, read from
// where each automation's token ref points. The zero value matches none.
type AutomationTokens struct {
	names  []string
	tokens []Secret
}

// LoadAutomationTokens reads the token of every automation in cfg through
// getenv or readFile (usually os.Getenv and os.ReadFile), trimmed of
// surrounding whitespace. It returns a *fault.Error with CodeInvalid listing
// every token that is not set, cannot be read, is shorter than
// MinAutomationTokenLen or is the same as another automation's, one per
// line, naming the variable or file but never the value.
func LoadAutomationTokens(cfg *Config, getenv func(string) string, readFile func(string) ([]byte, error)) (AutomationTokens, error) {
	var t AutomationTokens
	var problems []string
	for _, a := range cfg.Automation {
		v, problem := readRef(a.Token, getenv, readFile)
		switch {
		case problem != "":
			problems = append(problems, fmt.Sprintf("automation %s: %s", a.Name, problem))
			continue
		case len(v) < MinAutomationTokenLen:
			problems = append(problems, fmt.Sprintf("automation %s: the token in %s is shorter than %d characters; use a long random one, like the output of openssl rand -hex 32",
				a.Name, a.Token, MinAutomationTokenLen))
			continue
		}
		s := NewSecret(v)
		if other, dup := t.Match(v); dup {
			problems = append(problems, fmt.Sprintf("automation %s: the token in %s is the same as automation %s's; give each automation its own", a.Name, a.Token, other))
			continue
		}
		t.names, t.tokens = append(t.names, a.Name), append(t.tokens, s)
	}
	if len(problems) > 0 {
		return AutomationTokens{}, &fault.Error{Code: fault.CodeInvalid, Message: strings.Join(problems, "\n")}
	}
	return t, nil
}

// readRef reads the secret r names; the problem says what is wrong.
func readRef(r SecretRef, getenv func(string) string, readFile func(string) ([]byte, error)) (string, string) {
	if r.Env != "" {
		v := strings.TrimSpace(getenv(r.Env))
		if v == "" {
			return "", fmt.Sprintf("%s is not set: set it to the automation's token", r.Env)
		}
		return v, ""
	}
	if r.File == "" {
		return "", "no token: set token to {env: NAME} or {file: PATH}"
	}
	data, err := readFile(r.File)
	if err != nil {
		return "", fmt.Sprintf("cannot read its token file %s: %v", r.File, errWithoutPath(err))
	}
	v := strings.TrimSpace(string(data))
	if v == "" {
		return "", fmt.Sprintf("its token file %s is empty: write the automation's token into it", r.File)
	}
	return v, ""
}

// errWithoutPath returns the reason of a file system error without the
// path it repeats.
func errWithoutPath(err error) error {
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && u.Unwrap() != nil {
		return u.Unwrap()
	}
	return err
}

// Match returns the name of the automation whose token is token, and
// whether there is one. It compares against every token in constant
// time, so timing says nothing about how much of a token was right.
func (t AutomationTokens) Match(token string) (string, bool) {
	found := -1
	for i, s := range t.tokens {
		if subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(token)) == 1 {
			found = i
		}
	}
	if found < 0 || token == "" {
		return "", false
	}
	return t.names[found], true
}

// Len returns how many tokens t holds.
func (t AutomationTokens) Len() int { return len(t.tokens) }
