package slackfake

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// View is a modal opened with views.open or an App Home tab published with
// views.publish, in its current state.
type View struct {
	ID              string // e.g. "V0000000003"
	Type            string // "modal" or "home"
	User            string // who sees it
	TriggerID       string // modals only
	CallbackID      string
	PrivateMetadata string
	ExternalID      string
	Hash            string
	Title           string          // the title's text (modals)
	Blocks          json.RawMessage // the blocks array
	JSON            json.RawMessage // the view object as the bot sent it
	Updates         int             // publishes after the first (home)
	OpenedAt        time.Time
	UpdatedAt       time.Time
}

// viewItem is a recorded view; guarded by Server.mu.
type viewItem struct {
	seq int // position among all recorded items, for the transcript
	v   View
}

// trigger is an issued trigger_id; guarded by Server.mu.
type trigger struct {
	user   string
	issued time.Time
	used   bool
}

// wireView is the part of a view object the server reads.
type wireView struct {
	Type            string          `json:"type"`
	Title           *vText          `json:"title"`
	Close           *vText          `json:"close"`
	Submit          *vText          `json:"submit"`
	Blocks          json.RawMessage `json:"blocks"`
	CallbackID      string          `json:"callback_id"`
	PrivateMetadata string          `json:"private_metadata"`
	ExternalID      string          `json:"external_id"`
}

// issueTriggerLocked registers a trigger_id for user; id empty makes one.
func (s *Server) issueTriggerLocked(id, user string) string {
	if id == "" {
		n := s.nextSeqLocked()
		id = fmt.Sprintf("%d.%d.%032x", s.now().Unix(), 1000+n, n*7919)
	}
	s.sock.triggers[id] = &trigger{user: user, issued: s.now()}
	return id
}

// viewsOpenLocked answers views.open: the trigger_id must come from an
// envelope the server sent, be unused and younger than TriggerTTL.
func (s *Server) viewsOpenLocked(r *apiRequest) (apiResult, *apiError) {
	tid := r.get("trigger_id")
	tr, ok := s.sock.triggers[tid]
	switch {
	case !ok:
		return nil, errCode("invalid_trigger_id")
	case tr.used:
		return nil, errCode("exchanged_trigger_id")
	case s.now().Sub(tr.issued) > s.opts.TriggerTTL:
		return nil, errCode("expired_trigger_id")
	}
	v, apiErr := parseView(r.get("view"), "modal")
	if apiErr != nil {
		return nil, apiErr
	}
	tr.used = true
	v.ID, v.User, v.TriggerID = s.newViewIDLocked(), tr.user, tid
	v.Hash = s.newHashLocked()
	v.OpenedAt, v.UpdatedAt = s.now(), s.now()
	s.rec.views = append(s.rec.views, &viewItem{seq: s.nextItemSeqLocked(), v: v})
	s.notifyLocked()
	return apiResult{"view": s.wireViewLocked(v)}, nil
}

// viewsPublishLocked answers views.publish, replacing the user's App Home;
// a hash that is not the current one is a hash_conflict.
func (s *Server) viewsPublishLocked(r *apiRequest) (apiResult, *apiError) {
	user := r.get("user_id")
	if user == "" {
		return nil, errCode("invalid_arguments")
	}
	v, apiErr := parseView(r.get("view"), "home")
	if apiErr != nil {
		return nil, apiErr
	}
	old := s.homeLocked(user)
	if h := r.get("hash"); h != "" && old != nil && h != old.v.Hash {
		return nil, errCode("hash_conflict")
	}
	v.User, v.Hash, v.UpdatedAt = user, s.newHashLocked(), s.now()
	if old == nil {
		v.ID, v.OpenedAt = s.newViewIDLocked(), s.now()
		old = &viewItem{seq: s.nextItemSeqLocked()}
		s.rec.views = append(s.rec.views, old)
	} else {
		v.ID, v.OpenedAt, v.Updates = old.v.ID, old.v.OpenedAt, old.v.Updates+1
	}
	old.v = v
	s.notifyLocked()
	return apiResult{"view": s.wireViewLocked(v)}, nil
}

// parseView reads and validates a view object of the wanted type. A
// broken rule is invalid_arguments with response_metadata messages
// pointing into /view, as Slack answers views.open and views.publish.
func parseView(raw, wantType string) (View, *apiError) {
	var w wireView
	if raw == "" || json.Unmarshal([]byte(raw), &w) != nil {
		return View{}, errCode("invalid_arguments")
	}
	if w.Type != wantType {
		return View{}, &apiError{code: "invalid_arguments",
			messages: []string{fmt.Sprintf("[ERROR] must be %q [json-pointer:/view/type]", wantType)}}
	}
	compact, blocks, apiErr := parseBlocks(orEmptyArray(w.Blocks))
	if apiErr != nil {
		return View{}, errCode("invalid_arguments")
	}
	v := newValidator()
	v.view(w, blocks)
	if len(v.msgs) > 0 {
		return View{}, &apiError{code: "invalid_arguments", messages: v.msgs}
	}
	view := View{Type: w.Type, CallbackID: w.CallbackID, PrivateMetadata: w.PrivateMetadata,
		ExternalID: w.ExternalID, Blocks: compact, JSON: json.RawMessage(raw)}
	if w.Title != nil {
		view.Title = w.Title.Text
	}
	return view, nil
}

// view checks a view object (Slack's view reference, docs.slack.dev/
// reference/views, checked 2026-12-04): up to 100 blocks; a modal has a
// plain_text title, and optional close and submit, of up to 24
// characters, and needs submit when it has an input block; callback_id
// up to 255 characters, private_metadata up to 3000.
func (v *validator) view(w wireView, blocks []vBlock) {
	v.blocks("/view/blocks", blocks, maxViewBlocks)
	v.maxLen("/view/callback_id", w.CallbackID, maxID)
	v.maxLen("/view/private_metadata", w.PrivateMetadata, maxPrivateMetadata)
	if w.Type != "modal" {
		return
	}
	v.text("/view/title", w.Title, maxModalText, true)
	if w.Close != nil {
		v.text("/view/close", w.Close, maxModalText, true)
	}
	if w.Submit != nil {
		v.text("/view/submit", w.Submit, maxModalText, true)
	}
	for _, b := range blocks {
		if b.Type == "input" && w.Submit == nil {
			v.errorf("/view/submit", "missing required field: submit (the view has an input block)")
			break
		}
	}
}

func orEmptyArray(b json.RawMessage) json.RawMessage {
	if len(b) == 0 || string(b) == "null" {
		return json.RawMessage("[]")
	}
	return b
}

// wireViewLocked renders v as Slack returns a view object: what the bot
// sent plus the fields Slack adds.
func (s *Server) wireViewLocked(v View) map[string]any {
	w := map[string]any{}
	_ = json.Unmarshal(v.JSON, &w)
	for k, val := range map[string]any{
		"id": v.ID, "team_id": s.opts.TeamID, "hash": v.Hash, "app_id": s.opts.AppID,
		"bot_id": s.opts.BotID, "root_view_id": v.ID, "app_installed_team_id": s.opts.TeamID,
		"state": map[string]any{"values": map[string]any{}}, "previous_view_id": nil,
	} {
		w[k] = val
	}
	return w
}

func (s *Server) homeLocked(user string) *viewItem {
	for _, it := range s.rec.views {
		if it.v.Type == "home" && it.v.User == user {
			return it
		}
	}
	return nil
}

func (s *Server) viewLocked(id string) *viewItem {
	for _, it := range s.rec.views {
		if it.v.ID == id {
			return it
		}
	}
	return nil
}

func (s *Server) newViewIDLocked() string { return fmt.Sprintf("V%010d", s.nextSeqLocked()) }

func (s *Server) newHashLocked() string {
	return fmt.Sprintf("%d.%08x", s.now().Unix(), s.nextSeqLocked())
}

// Views returns every modal opened and App Home published, in the order
// first shown, in their current state.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, 0, len(s.rec.views))
	for _, it := range s.rec.views {
		v := it.v
		v.Blocks, v.JSON = slices.Clone(v.Blocks), slices.Clone(v.JSON)
		out = append(out, v)
	}
	return out
}

// HomeView returns the App Home tab last published for user; ok is false
// when none was.
func (s *Server) HomeView(user string) (v View, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.homeLocked(user)
	if it == nil {
		return View{}, false
	}
	v = it.v
	v.Blocks, v.JSON = slices.Clone(v.Blocks), slices.Clone(v.JSON)
	return v, true
}
