package openapicheck

// Operation is one method and path template of GitHub's REST description.
type Operation struct {
	Method string // upper case, e.g. "GET"
	Path   string // the description's template, e.g. "/repos/{owner}/{repo}"
}

// Operations lists every operation the stand-in serves and deploybot may
// call: the committed subset keeps exactly these, and a request to any other
// path is a violation.
var Operations = []Operation{
	{"GET", "/user"},
	{"GET", "/users/{username}"},
	{"POST", "/app/installations/{installation_id}/access_tokens"},
	{"GET", "/repos/{owner}/{repo}"},
	{"GET", "/repos/{owner}/{repo}/branches"},
	{"GET", "/repos/{owner}/{repo}/branches/{branch}"},
	{"POST", "/repos/{owner}/{repo}/git/blobs"},
	{"GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}"},
	{"POST", "/repos/{owner}/{repo}/git/trees"},
	{"GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}"},
	{"POST", "/repos/{owner}/{repo}/git/commits"},
	{"GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}"},
	{"GET", "/repos/{owner}/{repo}/git/ref/{ref}"},
	{"GET", "/repos/{owner}/{repo}/git/matching-refs/{ref}"},
	{"POST", "/repos/{owner}/{repo}/git/refs"},
	{"PATCH", "/repos/{owner}/{repo}/git/refs/{ref}"},
	{"DELETE", "/repos/{owner}/{repo}/git/refs/{ref}"},
	{"GET", "/repos/{owner}/{repo}/contents/{path}"},
	{"GET", "/repos/{owner}/{repo}/commits"},
	{"GET", "/repos/{owner}/{repo}/commits/{ref}"},
	{"GET", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"},
	{"GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs"},
	{"GET", "/repos/{owner}/{repo}/commits/{ref}/status"},
	{"GET", "/repos/{owner}/{repo}/compare/{basehead}"},
	{"GET", "/repos/{owner}/{repo}/pulls"},
	{"POST", "/repos/{owner}/{repo}/pulls"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}"},
	{"PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/merge"},
	{"PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"},
	{"POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"},
	{"PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"},
	{"POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"},
	{"GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels"},
	{"POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels"},
	{"PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels"},
	{"DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"},
	{"POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"},
}

// greedy names the path parameters whose values may contain "/" (branch
// names, refs, file paths), as GitHub accepts them unescaped.
var greedy = map[string]bool{"branch": true, "ref": true, "path": true, "basehead": true, "tree_sha": true}
