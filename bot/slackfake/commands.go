package slackfake

// SlashCommand is a person typing a slash command, e.g.
// {Command: "/promote", Text: "api v9.1.1 prod", UserID: "U0MARIA",
// ChannelID: "C0DEPLOYS"}. Empty fields get defaults: TeamID the server's,
// UserName and ChannelName from the directory (or the IDs), a fresh
// TriggerID valid for views.open, and a ResponseURL served by the server.
type SlashCommand struct {
	Command, Text          string
	UserID, UserName       string
	TeamID                 string
	ChannelID, ChannelName string
	TriggerID              string
	ResponseURL            string
}

// SlashCommand sends a slash_commands envelope and returns its envelope_id.
// The payload has the fields of Slack's slash command form, as JSON strings
// (is_enterprise_install included, as "false"), which slack-go parses into
// a slack.SlashCommand. With no connection open it is queued and sent on the
// next one. An ack payload with text or blocks is shown to the person:
// ephemerally, or in the channel for response_type "in_channel".
func (s *Server) SlashCommand(c SlashCommand) (envelopeID string) {
	s.mu.Lock()
	s.ensurePersonLocked(c.UserID, c.UserName, c.ChannelID, c.ChannelName)
	c.TeamID = s.teamIDOr(c.TeamID)
	if c.UserName == "" {
		c.UserName = s.userNameLocked(c.UserID)
	}
	if c.ChannelName == "" {
		c.ChannelName = s.channelNameLocked(c.ChannelID)
	}
	c.TriggerID = s.issueTriggerLocked(c.TriggerID, c.UserID)
	rsp := s.newResponderLocked(c.UserID, c.ChannelID, "", false)
	if c.ResponseURL == "" {
		c.ResponseURL = s.responseURL(rsp)
	}
	env := s.newEnvelopeLocked("slash_commands", map[string]string{
		"token": verificationToken, "team_id": c.TeamID, "team_domain": s.opts.TeamDomain,
		"channel_id": c.ChannelID, "channel_name": c.ChannelName,
		"user_id": c.UserID, "user_name": c.UserName,
		"command": c.Command, "text": c.Text, "api_app_id": s.opts.AppID,
		"is_enterprise_install": "false",
		"response_url":          c.ResponseURL, "trigger_id": c.TriggerID,
	}, true)
	env.rsp = rsp
	s.mu.Unlock()
	s.deliver(env)
	return env.id
}
