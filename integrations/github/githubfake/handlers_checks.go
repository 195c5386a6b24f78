package githubfake

import (
	"net/http"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// latestChecks returns the most recent check run per name, in first-seen
// order (GitHub's filter=latest).
func latestChecks(cs []*check) []*check {
	idx := map[string]int{}
	var out []*check
	for _, c := range cs {
		if i, ok := idx[c.name]; ok {
			out[i] = c
			continue
		}
		idx[c.name] = len(out)
		out = append(out, c)
	}
	return out
}

// handleCheckRuns serves GET commits/{ref}/check-runs.
func (s *Server) handleCheckRuns(w http.ResponseWriter, r *http.Request, rp *repo, c *object.Commit) {
	sha := c.Hash.String()
	out := wireCheckRuns{CheckRuns: []wireCheckRun{}}
	for _, ch := range latestChecks(rp.checks[sha]) {
		run := wireCheckRun{ID: ch.id, NodeID: nodeID("CR", ch.id), HeadSHA: sha,
			URL: s.apiURL(rp, "check-runs/"+itoa(ch.id)), HTMLURL: s.htmlURL(rp, "runs/"+itoa(ch.id)),
			Status: "in_progress", StartedAt: ts(ch.started), Name: ch.name, PullRequests: []wirePRMinRef{},
			Output: wireOutput{AnnotationsURL: s.apiURL(rp, "check-runs/"+itoa(ch.id)+"/annotations")}}
		if ch.conclusion != "" {
			concl := ch.conclusion
			run.Status, run.Conclusion, run.CompletedAt = "completed", &concl, tsPtr(ch.completed)
		}
		out.CheckRuns = append(out.CheckRuns, run)
	}
	out.TotalCount = len(out.CheckRuns)
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleCombinedStatus serves GET commits/{ref}/status. The stand-in has no
// separate commit statuses: check runs are reported as statuses (success,
// failure, or pending while in progress).
func (s *Server) handleCombinedStatus(w http.ResponseWriter, r *http.Request, rp *repo, c *object.Commit) {
	sha := c.Hash.String()
	out := wireCombinedStatus{State: "pending", Statuses: []wireStatus{}, SHA: sha,
		CommitURL: s.apiURL(rp, "commits/"+sha), URL: s.apiURL(rp, "commits/"+sha+"/status"),
		Repository: s.renderRepo(rp, nil)}
	failed, pending := false, false
	for _, ch := range latestChecks(rp.checks[sha]) {
		state := "success"
		switch {
		case ch.conclusion == "":
			state, pending = "pending", true
		case !passed(ch.conclusion):
			state, failed = "failure", true
		}
		out.Statuses = append(out.Statuses, wireStatus{ID: ch.id, NodeID: nodeID("SC", ch.id),
			URL: s.apiURL(rp, "statuses/"+sha), State: state, Context: ch.name,
			CreatedAt: ts(ch.started), UpdatedAt: ts(ch.started)})
	}
	out.TotalCount = len(out.Statuses)
	switch {
	case failed:
		out.State = "failure"
	case !pending && len(out.Statuses) > 0:
		out.State = "success"
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
