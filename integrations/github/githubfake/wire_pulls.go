package githubfake

// Wire types of pull requests, their labels and reviews.

type wireLinks map[string]map[string]string

// wireLabel is a label. Its description is "" rather than null: the
// description GitHub publishes makes it non-nullable inside pull request
// lists (pull-request-simple) and nullable elsewhere, and "" is what GitHub
// sends for a label whose description was cleared.
type wireLabel struct {
	ID          int64  `json:"id"`
	NodeID      string `json:"node_id"`
	URL         string `json:"url"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Default     bool   `json:"default"`
	Description string `json:"description"`
}

type wireBranch struct {
	Label string    `json:"label"`
	Ref   string    `json:"ref"`
	SHA   string    `json:"sha"`
	User  wireUser  `json:"user"`
	Repo  *wireRepo `json:"repo"`
}

// wirePull is a pull request. The fields after Draft are only sent by
// GET pulls/{n} (and the create/update/merge answers), not by lists; the
// renderer leaves them nil there, exactly like GitHub.
type wirePull struct {
	URL                string      `json:"url"`
	ID                 int64       `json:"id"`
	NodeID             string      `json:"node_id"`
	HTMLURL            string      `json:"html_url"`
	DiffURL            string      `json:"diff_url"`
	PatchURL           string      `json:"patch_url"`
	IssueURL           string      `json:"issue_url"`
	CommitsURL         string      `json:"commits_url"`
	CommentsURL        string      `json:"comments_url"`
	ReviewCommentsURL  string      `json:"review_comments_url"`
	ReviewCommentURL   string      `json:"review_comment_url"`
	StatusesURL        string      `json:"statuses_url"`
	Number             int         `json:"number"`
	State              string      `json:"state"`
	Locked             bool        `json:"locked"`
	Title              string      `json:"title"`
	User               wireUser    `json:"user"`
	Body               *string     `json:"body"`
	Labels             []wireLabel `json:"labels"`
	Milestone          *struct{}   `json:"milestone"`
	ActiveLockReason   *string     `json:"active_lock_reason"`
	CreatedAt          string      `json:"created_at"`
	UpdatedAt          string      `json:"updated_at"`
	ClosedAt           *string     `json:"closed_at"`
	MergedAt           *string     `json:"merged_at"`
	MergeCommitSHA     *string     `json:"merge_commit_sha"`
	Assignee           *wireUser   `json:"assignee"`
	Assignees          []wireUser  `json:"assignees"`
	RequestedReviewers []wireUser  `json:"requested_reviewers"`
	RequestedTeams     []wireTeam  `json:"requested_teams"`
	Head               wireBranch  `json:"head"`
	Base               wireBranch  `json:"base"`
	Links              wireLinks   `json:"_links"`
	AuthorAssociation  string      `json:"author_association"`
	AutoMerge          *struct{}   `json:"auto_merge"`
	Draft              bool        `json:"draft"`

	*wirePullDetail
}

// wirePullDetail holds the fields only the single pull request answer has.
type wirePullDetail struct {
	Merged              bool      `json:"merged"`
	Mergeable           *bool     `json:"mergeable"`
	Rebaseable          *bool     `json:"rebaseable"`
	MergeableState      string    `json:"mergeable_state"`
	MergedBy            *wireUser `json:"merged_by"`
	Comments            int       `json:"comments"`
	ReviewComments      int       `json:"review_comments"`
	MaintainerCanModify bool      `json:"maintainer_can_modify"`
	Commits             int       `json:"commits"`
	Additions           int       `json:"additions"`
	Deletions           int       `json:"deletions"`
	ChangedFiles        int       `json:"changed_files"`
}

type wireMergeResult struct {
	SHA     string `json:"sha"`
	Merged  bool   `json:"merged"`
	Message string `json:"message"`
}

type wireReview struct {
	ID                int64     `json:"id"`
	NodeID            string    `json:"node_id"`
	User              wireUser  `json:"user"`
	Body              string    `json:"body"`
	State             string    `json:"state"`
	HTMLURL           string    `json:"html_url"`
	PullRequestURL    string    `json:"pull_request_url"`
	AuthorAssociation string    `json:"author_association"`
	SubmittedAt       *string   `json:"submitted_at,omitempty"` // absent while PENDING
	CommitID          string    `json:"commit_id"`
	Links             wireLinks `json:"_links"`
}
