package slackfake

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// apiRequest is a parsed Web API call.
type apiRequest struct {
	method string
	token  string
	params url.Values // form fields; for a JSON body, its top-level fields
}

// get returns a parameter; JSON objects and arrays come back as their JSON
// text, strings unquoted.
func (r *apiRequest) get(key string) string { return r.params.Get(key) }

// has reports whether the parameter was sent at all.
func (r *apiRequest) has(key string) bool { _, ok := r.params[key]; return ok }

// apiError is an ok:false answer.
type apiError struct {
	code     string
	messages []string       // response_metadata.messages, e.g. for invalid_blocks
	extra    map[string]any // more top-level fields, e.g. missing_scope's needed
}

func errCode(code string) *apiError { return &apiError{code: code} }

// apiResult is the body of an ok:true answer, without "ok".
type apiResult map[string]any

// methodSpec is one Web API method.
type methodSpec struct {
	handle   func(s *Server, r *apiRequest) (apiResult, *apiError) // runs under s.mu
	appToken bool                                                  // needs the xapp- token
}

var apiMethods = map[string]methodSpec{
	"auth.test":             {handle: (*Server).authTestLocked},
	"apps.connections.open": {handle: (*Server).connectionsOpenLocked, appToken: true},
	"chat.postMessage":      {handle: (*Server).postMessageLocked},
	"chat.update":           {handle: (*Server).updateMessageLocked},
	"chat.postEphemeral":    {handle: (*Server).postEphemeralLocked},
	"views.open":            {handle: (*Server).viewsOpenLocked},
	"views.publish":         {handle: (*Server).viewsPublishLocked},
	"usergroups.users.list": {handle: (*Server).userGroupUsersLocked},
	"users.info":            {handle: (*Server).usersInfoLocked},
	"conversations.info":    {handle: (*Server).conversationsInfoLocked},
	"conversations.history": {handle: (*Server).historyLocked},
	"conversations.replies": {handle: (*Server).repliesAPILocked},
}

// serveAPI answers <URL>/api/<method>.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	req, err := parseAPIRequest(r)
	if err != nil {
		s.logger.Debug("bad request body", "method", r.PathValue("method"), "err", err)
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	s.mu.Lock()
	status, retryAfter, body, code := s.answerLocked(req)
	s.recordCallLocked(Call{Method: req.method, At: s.now(), Status: status, Error: code,
		Channel: req.get("channel"), TS: req.get("ts")})
	var hold <-chan struct{}
	if status == http.StatusOK && code == "" {
		hold = s.takeHoldLocked(req.method)
	}
	s.mu.Unlock()
	if hold != nil {
		s.waitHeld(r, hold)
		if r.Context().Err() != nil {
			return // the client is gone: it never learns what happened
		}
	}
	s.logger.Debug("api call", "method", req.method, "status", status, "error", code)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	writeJSON(w, status, body)
}

// waitHeld waits until hold is released or the client goes away.
func (s *Server) waitHeld(r *http.Request, hold <-chan struct{}) {
	s.logger.Debug("answer held", "method", r.PathValue("method"))
	select {
	case <-hold:
	case <-r.Context().Done():
	}
	s.mu.Lock()
	s.hold.held--
	s.notifyLocked()
	s.mu.Unlock()
}

// answerLocked runs the checks and the method; it returns the HTTP status,
// the Retry-After seconds for a 429, the body and the error code if any.
func (s *Server) answerLocked(req *apiRequest) (status, retryAfter int, body map[string]any, code string) {
	spec, ok := apiMethods[req.method]
	if !ok {
		return http.StatusOK, 0, errorBody(errCode("unknown_method")), "unknown_method"
	}
	if e := s.checkTokenLocked(req.token, spec.appToken); e != nil {
		return http.StatusOK, 0, errorBody(e), e.code
	}
	if e := s.checkScopeLocked(req); e != nil {
		return http.StatusOK, 0, errorBody(e), e.code
	}
	if secs, limited := s.takeRateLimitLocked(req.method); limited {
		return http.StatusTooManyRequests, secs, errorBody(errCode("ratelimited")), "ratelimited"
	}
	if c, failed := s.takeFailureLocked(req.method); failed {
		return http.StatusOK, 0, errorBody(errCode(c)), c
	}
	res, e := spec.handle(s, req)
	if e != nil {
		return http.StatusOK, 0, errorBody(e), e.code
	}
	body = map[string]any{"ok": true}
	for k, v := range res {
		body[k] = v
	}
	return http.StatusOK, 0, body, ""
}

// checkTokenLocked compares the call's token with the one the method needs:
// none is not_authed, the other kind of token is not_allowed_token_type,
// anything else is invalid_auth.
func (s *Server) checkTokenLocked(token string, app bool) *apiError {
	want, other := s.opts.BotToken, s.opts.AppToken
	if app {
		want, other = other, want
	}
	switch token {
	case "":
		return errCode("not_authed")
	case want:
		return nil
	case other:
		return errCode("not_allowed_token_type")
	default:
		return errCode("invalid_auth")
	}
}

func errorBody(e *apiError) map[string]any {
	b := map[string]any{"ok": false, "error": e.code}
	for k, v := range e.extra {
		b[k] = v
	}
	if len(e.messages) > 0 {
		b["response_metadata"] = map[string]any{"messages": e.messages}
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// parseAPIRequest reads a call sent as a form (query, urlencoded or
// multipart) or as JSON, with the token from "Authorization: Bearer" or the
// token field.
func parseAPIRequest(r *http.Request) (*apiRequest, error) {
	req := &apiRequest{method: r.PathValue("method")}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "application/json":
		req.params, err = jsonParams(r)
	case "multipart/form-data":
		err = r.ParseMultipartForm(1 << 20)
		req.params = r.Form
	default:
		err = r.ParseForm()
		req.params = r.Form
	}
	if err != nil {
		return nil, err
	}
	req.token = req.params.Get("token")
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		req.token = strings.TrimSpace(auth)
	}
	return req, nil
}

// jsonParams flattens a JSON object body into parameters: strings unquoted,
// everything else kept as JSON text. Query parameters are merged in.
func jsonParams(r *http.Request) (url.Values, error) {
	params := r.URL.Query()
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return params, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	if fields == nil {
		return nil, errors.New("JSON body is not an object")
	}
	for k, raw := range fields {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			params.Set(k, str)
			continue
		}
		params.Set(k, string(raw))
	}
	return params, nil
}
