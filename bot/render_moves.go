package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/deploybot/deploybot/deploy"
)

// A promotion of one service moves Promotion.PreviousVersion to
// Promotion.Version. A promotion of every service (deploy.AllServices)
// has neither: each service's move is in Promotion.Changes. These helpers
// render both kinds.

// isAll reports whether p moves every service, with its moves in Changes.
func isAll(p deploy.Promotion) bool {
	return p.Service == deploy.AllServices && len(p.Changes) > 0
}

// serviceName is p's service as a person reads it: "api", "all services".
func serviceName(p deploy.Promotion) string {
	if p.Service == deploy.AllServices {
		return "all services"
	}
	return p.Service
}

// eachChange is entry(c) of every change in cs, joined with sep: the one
// shape of every rendering of a promotion of every service.
func eachChange(cs []deploy.ServiceChange, sep string, entry func(c deploy.ServiceChange) string) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = entry(c)
	}
	return strings.Join(parts, sep)
}

// changesPlain is "api v9.1.0 → v9.1.1 · web 3.0 → 3.1".
func changesPlain(cs []deploy.ServiceChange) string {
	return eachChange(cs, " · ", func(c deploy.ServiceChange) string { return c.Service + " " + plainMove(c.From, c.To) })
}

// plainMove is "v9.1.0 → v9.1.1", or just the new version when the old
// one is unknown.
func plainMove(from, to deploy.Version) string {
	if from == "" {
		return string(to)
	}
	return string(from) + " → " + string(to)
}

// movePlain is what p moves, in plain text: "api v9.1.0 → v9.1.1", or
// "all services  api v9.1.0 → v9.1.1 · web 3.0 → 3.1".
func movePlain(p deploy.Promotion) string {
	if isAll(p) {
		return serviceName(p) + "  " + changesPlain(p.Changes)
	}
	if p.Service == deploy.AllServices {
		return serviceName(p)
	}
	return p.Service + " " + plainMove(p.PreviousVersion, p.Version)
}

// moveLine is what p moves, in mrkdwn: "*api*  `v9.1.0` → `v9.1.1`", or
// "*all services*  api `v9.1.0` → `v9.1.1` · web `3.0` → `3.1`".
func moveLine(p deploy.Promotion) string {
	if !isAll(p) {
		return "*" + serviceName(p) + "*  " + versionMove(p.PreviousVersion, p.Version)
	}
	return "*" + serviceName(p) + "*  " +
		eachChange(p.Changes, " · ", func(c deploy.ServiceChange) string { return c.Service + " " + versionMove(c.From, c.To) })
}

// undone is p with every move reversed: what undoing it moves.
func undone(p deploy.Promotion) deploy.Promotion {
	u := p
	u.Version, u.PreviousVersion = p.PreviousVersion, p.Version
	u.Changes = make([]deploy.ServiceChange, len(p.Changes))
	for i, c := range p.Changes {
		u.Changes[i] = deploy.ServiceChange{Service: c.Service, From: c.To, To: c.From}
	}
	return u
}

// undoLine is what undoing p moves back, in mrkdwn, with the environment:
// "*api*  `v9.1.1` → `v9.1.0` in production".
func undoLine(p deploy.Promotion) string {
	return moveLine(undone(p)) + " in " + p.Env
}

// targetLine is where p leaves the environment: "*api*  `v9.1.1` in
// production", "*all services*  api `v9.1.1` · web `3.1` in production";
// for a rollback, its move.
func targetLine(p deploy.Promotion) string {
	if p.Kind == deploy.KindRollback {
		return moveLine(p) + " in " + p.Env
	}
	if !isAll(p) {
		return fmt.Sprintf("*%s*  `%s` in %s", serviceName(p), p.Version, p.Env)
	}
	return "*" + serviceName(p) + "*  " +
		eachChange(p.Changes, " · ", func(c deploy.ServiceChange) string { return c.Service + " `" + string(c.To) + "`" }) +
		" in " + p.Env
}

// targetVersions is the version p leaves in the environment: "v9.1.1",
// or "api v9.1.1, web 3.1" for every service.
func targetVersions(p deploy.Promotion) string {
	if !isAll(p) {
		return orUnknown(p.Version)
	}
	return eachChange(p.Changes, ", ", func(c deploy.ServiceChange) string { return c.Service + " " + string(c.To) })
}

// previousVersions is what undoing p restores: "v9.1.0", or "api v9.1.0,
// web 3.0" for every service; "" when unknown.
func previousVersions(p deploy.Promotion) string {
	if !isAll(p) {
		return string(p.PreviousVersion)
	}
	return eachChange(p.Changes, ", ", func(c deploy.ServiceChange) string { return c.Service + " " + string(c.From) })
}

// rollbackLabel is the Rollback button's text: "Rollback to v9.1.0", or
// "Rollback" when the old version is unknown, there are several, or the
// version is too long for a button's 75 characters (the announcement
// names it).
func rollbackLabel(p deploy.Promotion) string {
	label := "Rollback to " + string(p.PreviousVersion)
	if p.PreviousVersion == "" || isAll(p) || utf8.RuneCountInString(label) > maxButtonText {
		return "Rollback"
	}
	return label
}

// maxMoveSummary bounds what a reply says a promotion moves, in
// characters: a promotion of every service can move hundreds.
const maxMoveSummary = 1000

// moveSummary is movePlain(p) clipped for a one-line reply.
func moveSummary(p deploy.Promotion) string { return clip(movePlain(p), maxMoveSummary) }

// prLink is "<url|acme/gitops#1042>", "acme/gitops#1042" without a URL,
// or "" without a pull request.
func prLink(pr deploy.PullRequest, repo string) string {
	if pr.Number == 0 {
		return ""
	}
	name := fmt.Sprintf("%s#%d", repo, pr.Number)
	if pr.URL != "" {
		name = "<" + pr.URL + "|" + name + ">"
	}
	return name
}
