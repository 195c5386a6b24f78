package deploy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
	"github.com/deploybot/deploybot/deploy/config"
	"github.com/deploybot/deploybot/deploy/fault"
)

// MaxVersionLen is the longest version, in bytes, deploybot writes.
const MaxVersionLen = 128

// movingTags are names that point at different builds over time; protected
// environments refuse them, whatever the service's pattern.
var movingTags = []string{
	"latest", "stable", "main", "master", "head", "trunk", "edge", "nightly",
	"dev", "develop", "current", "canary", "release", "snapshot", "unstable",
	"next", "beta", "alpha", "preview",
}

// unsafeVersionChars are characters with a meaning in YAML (flow syntax,
// comments, anchors, tags, quoting, escapes), refused in "any" versions.
const unsafeVersionChars = ":{}[],&*#?|<>=!%@\\'\"`"

// CheckVersionPolicy returns nil when v may be written as svc's version in
// env. It returns a *Error with CodeInvalid when v is empty, longer than
// MaxVersionLen, a moving tag such as "latest" in a protected environment,
// or does not match svc.Version (semver, a full lowercase 40-hex SHA, or for
// "any" a single token with no whitespace, control or YAML-significant
// characters); and CodeInternal when svc.Version is unknown.
func CheckVersionPolicy(svc config.Service, env config.Environment, v Version) error {
	prefix := fmt.Sprintf("Can't promote %s to %s: ", svc.Name, env.Name)
	s := string(v)
	switch {
	case s == "":
		return fault.Errorf(fault.CodeInvalid, "%sno version given. Name one, e.g. %s.", prefix, versionExample(svc.Version))
	case len(s) > MaxVersionLen:
		return fault.Errorf(fault.CodeInvalid, "%sthe version is %d bytes long; the limit is %d.", prefix, len(s), MaxVersionLen)
	case env.Protected() && isMovingTag(s):
		return fault.Errorf(fault.CodeInvalid, "%s%q is a moving tag, so %s might not run what was validated. Use an immutable version, e.g. %s.",
			prefix, s, env.Name, versionExample(svc.Version))
	}
	switch svc.Version {
	case config.PatternSemver:
		return checkSemver(prefix, s)
	case config.PatternSHA:
		return checkSHA(prefix, s)
	case config.PatternAny, "":
		return checkToken(prefix, s)
	}
	return fault.Errorf(fault.CodeInternal, "service %s has unknown version pattern %q", svc.Name, string(svc.Version))
}

// isMovingTag reports whether s is one of movingTags, ignoring case.
func isMovingTag(s string) bool {
	for _, t := range movingTags {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}

// versionExample suggests a version that fits pattern.
func versionExample(pattern config.VersionPattern) string {
	switch pattern {
	case config.PatternSemver:
		return "a release such as v9.1.1"
	case config.PatternSHA:
		return "a full 40-character commit SHA"
	}
	return "a release tag or a full commit SHA"
}

// checkSemver returns a *Error with CodeInvalid unless s, without one
// leading "v", is a strict semantic version.
func checkSemver(prefix, s string) error {
	if _, err := semver.StrictNewVersion(strings.TrimPrefix(s, "v")); err != nil {
		return fault.Errorf(fault.CodeInvalid, "%s%q is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. v9.1.1 or 9.1.1-rc.1.",
			prefix, s)
	}
	return nil
}

// checkSHA returns a *Error with CodeInvalid unless s is a full, lowercase,
// 40-hex commit SHA; a short or upper-case SHA gets its own advice.
func checkSHA(prefix, s string) error {
	hex := strings.IndexFunc(s, func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F')
	}) < 0
	switch {
	case hex && len(s) == 40 && s == strings.ToLower(s):
		return nil
	case hex && len(s) == 40:
		return fault.Errorf(fault.CodeInvalid, "%sthe commit SHA must be lower-case: %s.", prefix, strings.ToLower(s))
	case hex && len(s) >= 4 && len(s) < 40:
		return fault.Errorf(fault.CodeInvalid, "%s%s is a short SHA; a full 40-character commit SHA is needed, so the version can't become ambiguous.",
			prefix, s)
	}
	return fault.Errorf(fault.CodeInvalid, "%s%q is not a commit SHA. Use a full 40-character commit SHA.", prefix, s)
}

// checkToken returns a *Error with CodeInvalid unless s is valid UTF-8
// without whitespace, control characters or unsafeVersionChars.
func checkToken(prefix, s string) error {
	if !utf8.ValidString(s) {
		return fault.Errorf(fault.CodeInvalid, "%sthe version is not valid UTF-8.", prefix)
	}
	for _, r := range s {
		var what string
		switch {
		case unicode.IsSpace(r):
			what = "whitespace"
		case unicode.IsControl(r) || !unicode.IsPrint(r):
			what = "a control character"
		case strings.ContainsRune(unsafeVersionChars, r):
			what = fmt.Sprintf("%q", string(r))
		default:
			continue
		}
		return fault.Errorf(fault.CodeInvalid, "%s%q contains %s. A version must be one token without whitespace, control characters or any of %s.",
			prefix, s, what, spacedChars(unsafeVersionChars))
	}
	return nil
}

// spacedChars lists the characters of s separated by spaces.
func spacedChars(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}
