package githubfake

import (
	"net/http"
	"strconv"
	"strings"
)

var reviewStates = map[string]string{
	"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "": "PENDING",
}

func (s *Server) renderReview(rp *repo, pr *pull, rv *review) wireReview {
	n := strconv.Itoa(pr.number)
	html := s.htmlURL(rp, "pull/"+n+"#pullrequestreview-"+itoa(rv.id))
	w := wireReview{ID: rv.id, NodeID: nodeID("PRR", rv.id), User: s.renderUser(s.userFor(rv.user)),
		Body: rv.body, State: rv.state, HTMLURL: html, PullRequestURL: s.apiURL(rp, "pulls/"+n),
		AuthorAssociation: "MEMBER", CommitID: rv.commit.String(),
		Links: wireLinks{"html": {"href": html}, "pull_request": {"href": s.apiURL(rp, "pulls/"+n)}}}
	if rv.state != "PENDING" {
		w.SubmittedAt = tsPtr(rv.submitted)
	}
	return w
}

// handleListReviews serves GET pulls/{n}/reviews, oldest first.
func (s *Server) handleListReviews(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	lo, hi := s.page(w, r, len(pr.reviews))
	out := []wireReview{}
	for _, rv := range pr.reviews[lo:hi] {
		out = append(out, s.renderReview(rp, pr, rv))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleCreateReview serves POST pulls/{n}/reviews {"event", "body",
// "commit_id"}.
func (s *Server) handleCreateReview(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		Body     string `json:"body"`
		Event    string `json:"event"`
		CommitID string `json:"commit_id"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	rv, e := s.addReview(rp, pr, callerOf(r).login, in.Event, in.Body, in.CommitID)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderReview(rp, pr, rv))
}

// addReview records a review by login; event is APPROVE, REQUEST_CHANGES,
// COMMENT or "" (pending).
func (s *Server) addReview(rp *repo, pr *pull, login, event, body, commit string) (*review, *apiError) {
	state, ok := reviewStates[event]
	if !ok {
		return nil, errUnprocessable("Unprocessable Entity")
	}
	self := strings.EqualFold(login, pr.author)
	switch {
	case self && state == "APPROVED":
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: "Unprocessable Entity",
			errors: []any{"Can not approve your own pull request"}}
	case self && state == "CHANGES_REQUESTED":
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: "Unprocessable Entity",
			errors: []any{"Can not request changes on your own pull request"}}
	case body == "" && (state == "CHANGES_REQUESTED" || state == "COMMENTED"):
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: "Unprocessable Entity",
			errors: []any{"Body is required for " + strings.ToLower(strings.ReplaceAll(event, "_", " ")) + " reviews"}}
	}
	h := pr.headSHA
	if commit != "" {
		h = hashOf(commit)
		if _, ok := rp.objectType(h); !ok {
			return nil, errUnprocessable("Unprocessable Entity")
		}
	}
	rv := &review{id: s.id(), user: s.userFor(login).login, state: state, body: body, commit: h, submitted: s.now()}
	pr.reviews = append(pr.reviews, rv)
	if state != "PENDING" {
		pr.requested = removeFold(pr.requested, login)
	}
	pr.updated = s.now()
	return rv, nil
}

// handleDismissReview serves PUT pulls/{n}/reviews/{id}/dismissals
// {"message", "event": "DISMISS"}: the review's state becomes DISMISSED.
// As on GitHub, the message is required, and only an approving or
// change-requesting review can be dismissed.
func (s *Server) handleDismissReview(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		Message string  `json:"message"`
		Event   *string `json:"event"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeAPIError(w, errNotFoundAPI())
		return
	}
	switch {
	case in.Message == "":
		// This operation answers 422 with validation-error-simple: errors[]
		// are strings, not {resource, field, code} objects.
		s.writeAPIError(w, errValidation("Message can't be blank"))
		return
	case in.Event != nil && *in.Event != "DISMISS":
		s.writeAPIError(w, errUnprocessable("Invalid request.\n\n"+strconv.Quote(*in.Event)+" is not a member of [\"DISMISS\"]."))
		return
	}
	rv, e := s.dismissReview(pr, id, in.Message)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.renderReview(rp, pr, rv))
}

// dismissReview marks review id of pr dismissed with message.
func (s *Server) dismissReview(pr *pull, id int64, message string) (*review, *apiError) {
	for _, rv := range pr.reviews {
		if rv.id != id {
			continue
		}
		switch rv.state {
		case "APPROVED", "CHANGES_REQUESTED":
		case "PENDING":
			return nil, errUnprocessable("Can not dismiss a pending review")
		default:
			return nil, errUnprocessable("Can not dismiss a " + strings.ToLower(rv.state) + " pull request review")
		}
		rv.state, rv.dismissal = "DISMISSED", message
		pr.updated = s.now()
		return rv, nil
	}
	return nil, errNotFoundAPI()
}

func removeFold(list []string, x string) []string {
	var out []string
	for _, v := range list {
		if !strings.EqualFold(v, x) {
			out = append(out, v)
		}
	}
	return out
}

// handleListReviewers serves GET pulls/{n}/requested_reviewers.
func (s *Server) handleListReviewers(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	out := struct {
		Users []wireUser `json:"users"`
		Teams []wireTeam `json:"teams"`
	}{Users: []wireUser{}, Teams: []wireTeam{}}
	for _, login := range pr.requested {
		out.Users = append(out.Users, s.renderUser(s.userFor(login)))
	}
	for _, slug := range pr.teams {
		out.Teams = append(out.Teams, s.renderTeam(rp, slug))
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleRequestReviewers serves POST pulls/{n}/requested_reviewers
// {"reviewers": [...], "team_reviewers": [...]}.
func (s *Server) handleRequestReviewers(w http.ResponseWriter, r *http.Request, rp *repo, pr *pull) {
	var in struct {
		Reviewers     []string `json:"reviewers"`
		TeamReviewers []string `json:"team_reviewers"`
	}
	if e := decodeJSON(r, &in); e != nil {
		s.writeAPIError(w, e)
		return
	}
	if containsFold(in.Reviewers, pr.author) {
		s.writeAPIError(w, errValidation("Review cannot be requested from pull request author."))
		return
	}
	for _, login := range in.Reviewers {
		if !containsFold(pr.requested, login) {
			pr.requested = append(pr.requested, s.userFor(login).login)
		}
	}
	for _, slug := range in.TeamReviewers {
		if !containsFold(pr.teams, slug) {
			pr.teams = append(pr.teams, slug)
		}
	}
	pr.updated = s.now()
	out, err := s.renderPull(rp, pr, false)
	if err != nil {
		s.writeAPIError(w, internal(err))
		return
	}
	s.writeJSON(w, r, http.StatusCreated, out)
}
