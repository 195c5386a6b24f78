package slackfake

import (
	"slices"
	"strings"
)

// methodScope returns the bot token scope a call needs, or "" for none.
// Conversation methods need the scope of the channel's kind: channels:*
// for a public channel, groups:* for a private one ("G" IDs), im:* for a
// direct message ("D" IDs).
func methodScope(r *apiRequest) string {
	kind := func(suffix string) string {
		switch ch := r.get("channel"); {
		case strings.HasPrefix(ch, "G"):
			return "groups:" + suffix
		case strings.HasPrefix(ch, "D"):
			return "im:" + suffix
		}
		return "channels:" + suffix
	}
	switch r.method {
	case "chat.postMessage", "chat.update", "chat.postEphemeral":
		return "chat:write"
	case "usergroups.users.list":
		return "usergroups:read"
	case "users.info":
		return "users:read"
	case "conversations.info":
		return kind("read")
	case "conversations.history", "conversations.replies":
		return kind("history")
	}
	return ""
}

// checkScopeLocked answers missing_scope, with Slack's needed and
// provided fields, when Options.Scopes is set and lacks what r needs.
func (s *Server) checkScopeLocked(r *apiRequest) *apiError {
	need := methodScope(r)
	if need == "" || s.hasScopeLocked(need) {
		return nil
	}
	return &apiError{code: "missing_scope", extra: map[string]any{
		"needed": need, "provided": strings.Join(s.opts.Scopes, ","),
	}}
}

// hasScopeLocked reports whether the bot token has scope; every scope
// when Options.Scopes is nil.
func (s *Server) hasScopeLocked(scope string) bool {
	return s.opts.Scopes == nil || slices.Contains(s.opts.Scopes, scope)
}
