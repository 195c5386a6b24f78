package githubfake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The issue side of a pull request: its labels and comments.

// labelNames reads a labels body: ["a", "b"], {"labels": ["a"]} or
// {"labels": [{"name": "a"}]}.
func labelNames(r *http.Request) ([]string, *apiError) {
	var raw json.RawMessage
	if e := decodeJSON(r, &raw); e != nil {
		return nil, e
	}
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return names, nil
	}
	var obj struct {
		Labels json.RawMessage `json:"labels"`
	}
	if json.Unmarshal(raw, &obj) == nil && json.Unmarshal(obj.Labels, &names) == nil {
		return names, nil
	}
	var named []struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(obj.Labels, &named) != nil {
		return nil, errValidation(wireValidationError{Resource: "Label", Field: "labels", Code: "invalid"})
	}
	for _, n := range named {
		names = append(names, n.Name)
	}
	return names, nil
}

// addLabels puts labels on pr, creating repository labels on first use.
func (s *Server) addLabels(rp *repo, pr *pull, names []string) {
	for _, name := range names {
		key := strings.ToLower(name)
		l, ok := rp.labels[key]
		if !ok {
			l = &label{id: s.id(), name: name, color: "ededed"}
			rp.labels[key] = l
		}
		if !containsFold(pr.labels, name) {
			pr.labels = append(pr.labels, l.name)
		}
	}
	pr.updated = s.now()
}

func (s *Server) writeLabels(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	out := []wireLabel{}
	for _, name := range pr.labels {
		out = append(out, s.renderLabel(rp, rp.labels[strings.ToLower(name)]))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleListLabels serves GET issues/{n}/labels.
func (s *Server) handleListLabels(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	s.writeLabels(w, r, rp, pr)
}

// handleAddLabels serves POST issues/{n}/labels; it answers every label
// now on the issue.
func (s *Server) handleAddLabels(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	s.putLabels(w, r, rp, pr, false)
}

// handleSetLabels serves PUT issues/{n}/labels (replace all).
func (s *Server) handleSetLabels(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	s.putLabels(w, r, rp, pr, true)
}

// putLabels reads a labels body and puts its labels on pr, after taking
// all off first when replace; it answers every label now on the issue.
func (s *Server) putLabels(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull, replace bool) {
	names, e := labelNames(r)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	if replace {
		pr.labels = nil
	}
	s.addLabels(rp, pr, names)
	s.writeLabels(w, r, rp, pr)
}

// handleRemoveLabel serves DELETE issues/{n}/labels/{name}.
func (s *Server) handleRemoveLabel(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	name := r.PathValue("name")
	if !containsFold(pr.labels, name) {
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, msg: "Label does not exist"})
		return
	}
	pr.labels = removeFold(pr.labels, name)
	pr.updated = s.now()
	s.writeLabels(w, r, rp, pr)
}

// handleCreateComment serves POST issues/{n}/comments {"body"}.
func (s *Server) handleCreateComment(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		Body string `json:"body"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if in.Body == "" {
		s.writeAPIError(w, errValidation(wireValidationError{Resource: "IssueComment", Field: "body", Code: "missing_field"}))
		return
	}
	c := comment{id: s.id(), user: s.userFor(callerOf(r).login).login, body: in.Body, created: s.now()}
	pr.comments = append(pr.comments, c)
	pr.updated = c.created
	n := strconv.Itoa(pr.number)
	s.writeJSON(w, r, http.StatusCreated, map[string]any{"id": c.id, "node_id": nodeID("IC", c.id),
		"url": s.apiURL(rp, "issues/comments/"+itoa(c.id)), "html_url": s.htmlURL(rp, "pull/"+n+"#issuecomment-"+itoa(c.id)),
		"issue_url": s.apiURL(rp, "issues/"+n), "body": c.body, "user": s.renderUser(s.userFor(c.user)),
		"created_at": ts(c.created), "updated_at": ts(c.created), "author_association": "MEMBER"})
}
