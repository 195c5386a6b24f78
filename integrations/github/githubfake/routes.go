package githubfake

import "net/http"

// routes registers every endpoint. Paths are matched after the /api/v3
// prefix is stripped.
func (s *Server) routes() {
	const r = "/repos/{owner}/{repo}"
	h := map[string]http.HandlerFunc{
		"GET /user":         s.handleAuthUser,
		"GET /users/{user}": s.handleUser,
		"GET /_raw/{owner}/{repo}/{ref}/{path...}":   s.withRepo(s.handleRaw),
		"POST /app/installations/{id}/access_tokens": s.handleAccessToken,
		"GET " + r:                                        s.withRepo(s.handleRepo),
		"GET " + r + "/branches":                          s.withRepo(s.handleListBranches),
		"GET " + r + "/branches/{branch...}":              s.withRepo(s.handleBranch),
		"POST " + r + "/git/blobs":                        s.withRepo(s.handleCreateBlob),
		"GET " + r + "/git/blobs/{sha}":                   s.withRepo(s.handleGetBlob),
		"POST " + r + "/git/trees":                        s.withRepo(s.handleCreateTree),
		"GET " + r + "/git/trees/{sha...}":                s.withRepo(s.handleGetTree),
		"POST " + r + "/git/commits":                      s.withRepo(s.handleCreateCommit),
		"GET " + r + "/git/commits/{sha}":                 s.withRepo(s.handleGetGitCommit),
		"GET " + r + "/git/ref/{ref...}":                  s.withRepo(s.handleGetRef),
		"GET " + r + "/git/matching-refs/{ref...}":        s.withRepo(s.handleMatchingRefs),
		"POST " + r + "/git/refs":                         s.withRepo(s.handleCreateRef),
		"PATCH " + r + "/git/refs/{ref...}":               s.withRepo(s.handleUpdateRef),
		"DELETE " + r + "/git/refs/{ref...}":              s.withRepo(s.handleDeleteRef),
		"GET " + r + "/contents/{path...}":                s.withRepo(s.handleContents),
		"GET " + r + "/commits":                           s.withRepo(s.handleListCommits),
		"GET " + r + "/commits/{rest...}":                 s.withRepo(s.handleCommitsSub),
		"GET " + r + "/compare/{basehead...}":             s.withRepo(s.handleCompare),
		"POST " + r + "/pulls":                            s.withRepo(s.handleCreatePull),
		"GET " + r + "/pulls":                             s.withRepo(s.handleListPulls),
		"GET " + r + "/pulls/{n}":                         s.withRepo(s.withPull(s.handleGetPull)),
		"PATCH " + r + "/pulls/{n}":                       s.withRepo(s.withPull(s.handleEditPull)),
		"GET " + r + "/pulls/{n}/commits":                 s.withRepo(s.withPull(s.handlePullCommits)),
		"GET " + r + "/pulls/{n}/files":                   s.withRepo(s.withPull(s.handlePullFiles)),
		"GET " + r + "/pulls/{n}/merge":                   s.withRepo(s.withPull(s.handleIsMerged)),
		"PUT " + r + "/pulls/{n}/merge":                   s.withRepo(s.withPull(s.handleMergePull)),
		"GET " + r + "/pulls/{n}/reviews":                 s.withRepo(s.withPull(s.handleListReviews)),
		"POST " + r + "/pulls/{n}/reviews":                s.withRepo(s.withPull(s.handleCreateReview)),
		"PUT " + r + "/pulls/{n}/reviews/{id}/dismissals": s.withRepo(s.withPull(s.handleDismissReview)),
		"GET " + r + "/pulls/{n}/requested_reviewers":     s.withRepo(s.withPull(s.handleListReviewers)),
		"POST " + r + "/pulls/{n}/requested_reviewers":    s.withRepo(s.withPull(s.handleRequestReviewers)),
		"GET " + r + "/issues/{n}/labels":                 s.withRepo(s.withPull(s.handleListLabels)),
		"POST " + r + "/issues/{n}/labels":                s.withRepo(s.withPull(s.handleAddLabels)),
		"PUT " + r + "/issues/{n}/labels":                 s.withRepo(s.withPull(s.handleSetLabels)),
		"DELETE " + r + "/issues/{n}/labels/{name}":       s.withRepo(s.withPull(s.handleRemoveLabel)),
		"POST " + r + "/issues/{n}/comments":              s.withRepo(s.withPull(s.handleCreateComment)),
	}
	for pattern, fn := range h {
		s.mux.HandleFunc(pattern, fn)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		s.writeAPIError(w, errNotFoundAPI())
	})
}
