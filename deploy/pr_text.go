package deploy

import (
	"cmp"
	"fmt"
	"strings"
)

// branchPrefix starts the name of every branch deploybot pushes.
const branchPrefix = "deploybot/"

// maxRefComponent bounds one slash-separated part of a branch name, well
// under the 255 bytes file systems allow for the loose ref file.
const maxRefComponent = 120

// PromotionBranch returns the branch that carries promotion p's commit,
// unique to the promotion: "deploybot/production/api-v9.1.1-p42",
// "deploybot/production/rollback-api-v9.1.0-p43" for a rollback and
// "deploybot/production/all-p44" for all services. A full commit SHA as
// version is shortened to 12 characters. Every character git refuses in a
// ref name is replaced by "-", so the result is always a valid branch name;
// it never fails.
func PromotionBranch(p Promotion) string {
	var parts []string
	if p.Kind == KindRollback {
		parts = append(parts, "rollback")
	}
	if strings.EqualFold(p.Service, AllServices) {
		parts = append(parts, AllServices)
	} else {
		parts = append(parts, p.Service, prShortVersion(p.Version))
	}
	parts = append(parts, p.ID)
	return branchPrefix + prRefComponent(p.Env) + "/" + prRefComponent(strings.Join(prNonEmpty(parts), "-"))
}

// prShortVersion shortens a full commit SHA to 12 characters.
func prShortVersion(v Version) string {
	if prIsFullSHA(string(v)) {
		return string(v)[:12]
	}
	return string(v)
}

// prIsFullSHA reports whether s is 40 lower-case hex digits.
func prIsFullSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// prNonEmpty drops empty strings.
func prNonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// prRefComponent turns s into one valid component of a git ref name:
// letters, digits, ".", "_" and "-" only, no "..", not starting or ending
// with "." or "-", not ending with ".lock", never empty.
func prRefComponent(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_'):
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := b.String()
	for strings.Contains(out, "..") {
		out = strings.ReplaceAll(out, "..", ".")
	}
	if len(out) > maxRefComponent {
		out = out[:maxRefComponent]
	}
	for {
		trimmed := strings.TrimSuffix(strings.Trim(out, ".-"), ".lock")
		if trimmed == out {
			break
		}
		out = trimmed
	}
	if out == "" {
		return "x"
	}
	return out
}

// PromotionTitle returns the pull request title of promotion p with plan:
// "promote(production): api v9.1.0 → v9.1.1", or
// "promote(production): all services". Versions come from the plan's one
// change, else from p. It never fails.
func PromotionTitle(p Promotion, plan Plan) string {
	env := cmp.Or(plan.Env, p.Env)
	if strings.EqualFold(p.Service, AllServices) || plan.Service == AllServices {
		return fmt.Sprintf("promote(%s): all services", env)
	}
	from, to := p.PreviousVersion, p.Version
	if len(plan.Changes) == 1 {
		from, to = plan.Changes[0].From, plan.Changes[0].To
	}
	return fmt.Sprintf("promote(%s): %s %s", env, cmp.Or(plan.Service, p.Service), prVersionMove(from, to))
}

// RollbackTitle returns the pull request title of rollback promotion rb
// (Version is the version it restores, PreviousVersion the one it undoes):
// "rollback(production): api v9.1.1 → v9.1.0", or
// "rollback(production): all services". It never fails.
func RollbackTitle(rb Promotion) string {
	if strings.EqualFold(rb.Service, AllServices) {
		return fmt.Sprintf("rollback(%s): all services", rb.Env)
	}
	return fmt.Sprintf("rollback(%s): %s %s", rb.Env, rb.Service, prVersionMove(rb.PreviousVersion, rb.Version))
}

// prVersionMove renders "v9.1.0 → v9.1.1", or just the new version when the
// old one is unknown.
func prVersionMove(from, to Version) string {
	if from == "" {
		return string(to)
	}
	return fmt.Sprintf("%s → %s", from, to)
}
