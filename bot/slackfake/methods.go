package slackfake

import (
	"slices"
)

// authTestLocked answers auth.test for the bot token.
func (s *Server) authTestLocked(*apiRequest) (apiResult, *apiError) {
	return apiResult{
		"url":     "https://" + s.opts.TeamDomain + ".slack.com/",
		"team":    s.opts.TeamName,
		"user":    s.opts.BotName,
		"team_id": s.opts.TeamID,
		"user_id": s.opts.BotUserID,
		"bot_id":  s.opts.BotID,
	}, nil
}

// connectionsOpenLocked answers apps.connections.open with a single-use
// WebSocket URL.
func (s *Server) connectionsOpenLocked(*apiRequest) (apiResult, *apiError) {
	return apiResult{"url": s.newTicketLocked()}, nil
}

// userGroupUsersLocked answers usergroups.users.list.
func (s *Server) userGroupUsersLocked(r *apiRequest) (apiResult, *apiError) {
	g, ok := s.dir.groups[r.get("usergroup")]
	if !ok {
		return nil, errCode("no_such_subteam")
	}
	users := slices.Clone(g.Members)
	if users == nil {
		users = []string{}
	}
	return apiResult{"users": users}, nil
}

// usersInfoLocked answers users.info for users added with AddUser and the
// bot itself.
func (s *Server) usersInfoLocked(r *apiRequest) (apiResult, *apiError) {
	id := r.get("user")
	u, ok := s.dir.users[id]
	if id == s.opts.BotUserID {
		u, ok = User{ID: id, Name: s.opts.BotName, RealName: s.opts.BotName,
			TeamID: s.opts.TeamID, TZ: "UTC", IsBot: true}, true
	}
	if !ok {
		return nil, errCode("user_not_found")
	}
	return apiResult{"user": map[string]any{
		"id": u.ID, "team_id": u.TeamID, "name": u.Name, "real_name": u.RealName,
		"tz": u.TZ, "is_admin": u.IsAdmin, "is_bot": u.IsBot, "deleted": false,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name,
			"team": u.TeamID},
	}}, nil
}

// conversationsInfoLocked answers conversations.info.
func (s *Server) conversationsInfoLocked(r *apiRequest) (apiResult, *apiError) {
	ch, ok := s.resolveChannelLocked(r.get("channel"))
	if !ok {
		return nil, errCode("channel_not_found")
	}
	name := ch.Name
	if name == "" {
		name = ch.ID
	}
	return apiResult{"channel": map[string]any{
		"id": ch.ID, "name": name, "is_channel": true, "is_member": true,
		"is_private": false, "is_archived": false, "context_team_id": s.opts.TeamID,
	}}, nil
}
