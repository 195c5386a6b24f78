package deploy

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/config"
)

// SameVersion reports whether a and b name the same version of a service
// whose versions follow pattern: for semver, equal once one leading "v" is
// dropped from each; otherwise equal as written.
//
// Version forms. A semantic version may be written with or without one leading "v"
// (v9.1.1 or 9.1.1), by the person who asks for it and in the GitOps files
// alike. deploybot follows one rule:
//
//   - Comparing: for semver services, two versions are the same when they
//     are equal after dropping one leading "v" (SameVersion). For sha and
//     any services versions compare as written.
//   - Reading: the version a file holds is the text at {version} in the
//     value template; when the template has a literal "v" right before
//     {version} (api-v{version}), that "v" is read as part of the version,
//     so "api-v9.1.1" holds v9.1.1.
//   - Writing: the value written adopts the form the file already uses:
//     no "v" of its own when the template has a literal "v" before
//     {version} (never "api-vv9.1.1"), else a leading "v" exactly when the
//     value it replaces has one.
//   - Showing: a change is shown in the form the file uses, so both sides
//     of "v9.1.0 → v9.1.1" look alike whatever the person typed; the status
//     table shows each version as its file holds it.
func SameVersion(pattern config.VersionPattern, a, b Version) bool {
	if pattern == config.PatternSemver {
		return trimV(a) == trimV(b)
	}
	return a == b
}

// trimV drops one leading "v".
func trimV(v Version) Version { return Version(strings.TrimPrefix(string(v), "v")) }

// hasV reports whether v starts with "v".
func hasV(v Version) bool { return strings.HasPrefix(string(v), "v") }

// inForm returns v written in the form of like: for semver, with a leading
// "v" exactly when like has one; otherwise v unchanged. An empty like
// leaves v as it is.
func inForm(pattern config.VersionPattern, v, like Version) Version {
	if pattern != config.PatternSemver || like == "" {
		return v
	}
	if hasV(like) {
		return "v" + trimV(v)
	}
	return trimV(v)
}
