package slackfake

import (
	"slices"
	"strings"
)

// Channel is a conversation the server knows.
type Channel struct {
	ID   string // e.g. "C0123456789"
	Name string // without "#", e.g. "deploys"
}

// User is a workspace member, for users.info and for rendering mentions.
type User struct {
	ID       string // e.g. "U0MARIA"
	Name     string // the handle, e.g. "maria"
	RealName string
	TeamID   string // default: the server's team
	TZ       string // IANA zone, default "UTC"
	IsAdmin  bool
	IsBot    bool
}

// UserGroup is a user group (subteam) for usergroups.users.list.
type UserGroup struct {
	ID      string // e.g. "S0PLATFORMLEADS"
	Handle  string // e.g. "platform-leads"
	Members []string
}

// directory holds channels, users and user groups; guarded by Server.mu.
type directory struct {
	channels map[string]Channel
	users    map[string]User
	groups   map[string]UserGroup
	left     map[string]bool // channels the bot is not a member of
}

func (d *directory) init() {
	d.channels = map[string]Channel{}
	d.users = map[string]User{}
	d.groups = map[string]UserGroup{}
	d.left = map[string]bool{}
}

// LeaveChannel takes the bot out of channel id, as a person removing it
// would: chat.postMessage there answers not_in_channel (unless the
// channel is public and the token has chat:write.public), and so do
// conversations.history and conversations.replies. JoinChannel undoes it.
func (s *Server) LeaveChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir.left[id] = true
}

// JoinChannel makes the bot a member of channel id again.
func (s *Server) JoinChannel(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.dir.left, id)
}

// checkMemberLocked returns not_in_channel when the bot left ch; posting
// to a public channel is allowed anyway with chat:write.public.
func (s *Server) checkMemberLocked(ch Channel, posting bool) *apiError {
	if !s.dir.left[ch.ID] {
		return nil
	}
	if posting && !isPrivate(ch.ID) && s.hasScopeLocked("chat:write.public") {
		return nil
	}
	return errCode("not_in_channel")
}

// isPrivate reports whether a channel ID names a private channel: the
// stand-in follows Slack's legacy "G" prefix for those.
func isPrivate(id string) bool { return strings.HasPrefix(id, "G") }

// AddChannel makes a channel exist; name may be empty.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir.channels[id] = Channel{ID: id, Name: strings.TrimPrefix(name, "#")}
}

// AddUser adds or replaces a user.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.TeamID == "" {
		u.TeamID = s.opts.TeamID
	}
	if u.TZ == "" {
		u.TZ = "UTC"
	}
	s.dir.users[u.ID] = u
}

// SetUserGroup adds or replaces a user group and its members.
func (s *Server) SetUserGroup(g UserGroup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.Members = slices.Clone(g.Members)
	s.dir.groups[g.ID] = g
}

// resolveChannelLocked maps a channel ID or name ("#deploys", "deploys") to
// a known channel; ok is false for an unknown one.
func (s *Server) resolveChannelLocked(idOrName string) (Channel, bool) {
	if idOrName == "" {
		return Channel{}, false
	}
	if c, ok := s.dir.channels[idOrName]; ok {
		return c, true
	}
	name := strings.TrimPrefix(idOrName, "#")
	for _, c := range s.dir.channels {
		if c.Name != "" && c.Name == name {
			return c, true
		}
	}
	if s.opts.AnyChannel && !strings.HasPrefix(idOrName, "#") {
		return Channel{ID: idOrName}, true
	}
	return Channel{}, false
}

// channelNameLocked returns a channel's name, or its ID when it has none.
func (s *Server) channelNameLocked(id string) string {
	if c, ok := s.dir.channels[id]; ok && c.Name != "" {
		return c.Name
	}
	return id
}

// userNameLocked returns a user's handle, or the ID for an unknown user.
func (s *Server) userNameLocked(id string) string {
	if id == s.opts.BotUserID {
		return s.opts.BotName
	}
	if u, ok := s.dir.users[id]; ok && u.Name != "" {
		return u.Name
	}
	return id
}

// groupHandleLocked returns a user group's handle, or its ID.
func (s *Server) groupHandleLocked(id string) string {
	if g, ok := s.dir.groups[id]; ok && g.Handle != "" {
		return g.Handle
	}
	return id
}
