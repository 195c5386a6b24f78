package githubfake

// Wire types: the JSON GitHub returns, field for field for the fields a client
// reads. Fields GitHub sends as null are pointers without omitempty.

type wireUser struct {
	Login             string `json:"login"`
	ID                int64  `json:"id"`
	NodeID            string `json:"node_id"`
	AvatarURL         string `json:"avatar_url"`
	GravatarID        string `json:"gravatar_id"`
	URL               string `json:"url"`
	HTMLURL           string `json:"html_url"`
	Type              string `json:"type"`
	SiteAdmin         bool   `json:"site_admin"`
	ReposURL          string `json:"repos_url"`
	OrganizationsURL  string `json:"organizations_url"`
	ReceivedEventsURL string `json:"received_events_url"`
	EventsURL         string `json:"events_url"`
	FollowersURL      string `json:"followers_url"`
	FollowingURL      string `json:"following_url"`
	GistsURL          string `json:"gists_url"`
	StarredURL        string `json:"starred_url"`
	SubscriptionsURL  string `json:"subscriptions_url"`
}

// wireAccount is a user as GET /users/{user} (public) and GET /user
// (private, with wirePrivate) answer it.
type wireAccount struct {
	wireUser
	UserViewType string  `json:"user_view_type"`
	Bio          *string `json:"bio"`
	Blog         string  `json:"blog"`
	Company      *string `json:"company"`
	Hireable     *bool   `json:"hireable"`
	Location     *string `json:"location"`
	Followers    int     `json:"followers"`
	Following    int     `json:"following"`
	PublicGists  int     `json:"public_gists"`
	PublicRepos  int     `json:"public_repos"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
	// AccountName and AccountEmail are always sent, null when unset.
	AccountName  *string `json:"name"`
	AccountEmail *string `json:"email"`

	*wirePrivate
}

// wirePrivate holds the fields only the authenticated user's own answer has.
type wirePrivate struct {
	Collaborators           int  `json:"collaborators"`
	DiskUsage               int  `json:"disk_usage"`
	OwnedPrivateRepos       int  `json:"owned_private_repos"`
	PrivateGists            int  `json:"private_gists"`
	TotalPrivateRepos       int  `json:"total_private_repos"`
	TwoFactorAuthentication bool `json:"two_factor_authentication"`
}

type wirePermissions struct {
	Admin    bool `json:"admin"`
	Maintain bool `json:"maintain"`
	Push     bool `json:"push"`
	Triage   bool `json:"triage"`
	Pull     bool `json:"pull"`
}

type wireRepo struct {
	ID                  int64            `json:"id"`
	NodeID              string           `json:"node_id"`
	Name                string           `json:"name"`
	FullName            string           `json:"full_name"`
	Private             bool             `json:"private"`
	Owner               wireUser         `json:"owner"`
	HTMLURL             string           `json:"html_url"`
	Description         *string          `json:"description"`
	Fork                bool             `json:"fork"`
	URL                 string           `json:"url"`
	GitURL              string           `json:"git_url"`
	CloneURL            string           `json:"clone_url"`
	DefaultBranch       string           `json:"default_branch"`
	Visibility          string           `json:"visibility"`
	Archived            bool             `json:"archived"`
	Disabled            bool             `json:"disabled"`
	CreatedAt           string           `json:"created_at"`
	UpdatedAt           string           `json:"updated_at"`
	PushedAt            string           `json:"pushed_at"`
	Permissions         *wirePermissions `json:"permissions,omitempty"`
	AllowMergeCommit    bool             `json:"allow_merge_commit"`
	AllowSquashMerge    bool             `json:"allow_squash_merge"`
	AllowRebaseMerge    bool             `json:"allow_rebase_merge"`
	DeleteBranchOnMerge bool             `json:"delete_branch_on_merge"`
	SSHURL              string           `json:"ssh_url"`
	SVNURL              string           `json:"svn_url"`
	MirrorURL           *string          `json:"mirror_url"`
	Homepage            *string          `json:"homepage"`
	Language            *string          `json:"language"`
	License             *struct{}        `json:"license"`
	Size                int              `json:"size"`
	ForksCount          int              `json:"forks_count"`
	Forks               int              `json:"forks"`
	StargazersCount     int              `json:"stargazers_count"`
	WatchersCount       int              `json:"watchers_count"`
	Watchers            int              `json:"watchers"`
	OpenIssuesCount     int              `json:"open_issues_count"`
	OpenIssues          int              `json:"open_issues"`
	NetworkCount        int              `json:"network_count"`
	SubscribersCount    int              `json:"subscribers_count"`
	HasIssues           bool             `json:"has_issues"`
	HasProjects         bool             `json:"has_projects"`
	HasWiki             bool             `json:"has_wiki"`
	HasPages            bool             `json:"has_pages"`
	HasDownloads        bool             `json:"has_downloads"`
	HasDiscussions      bool             `json:"has_discussions"`
	IsTemplate          bool             `json:"is_template"`
	Topics              []string         `json:"topics"`

	wireRepoURLs
}

// wireRepoURLs are the URL templates every repository object carries.
type wireRepoURLs struct {
	ArchiveURL       string `json:"archive_url"`
	AssigneesURL     string `json:"assignees_url"`
	BlobsURL         string `json:"blobs_url"`
	BranchesURL      string `json:"branches_url"`
	CollaboratorsURL string `json:"collaborators_url"`
	CommentsURL      string `json:"comments_url"`
	CommitsURL       string `json:"commits_url"`
	CompareURL       string `json:"compare_url"`
	ContentsURL      string `json:"contents_url"`
	ContributorsURL  string `json:"contributors_url"`
	DeploymentsURL   string `json:"deployments_url"`
	DownloadsURL     string `json:"downloads_url"`
	EventsURL        string `json:"events_url"`
	ForksURL         string `json:"forks_url"`
	GitCommitsURL    string `json:"git_commits_url"`
	GitRefsURL       string `json:"git_refs_url"`
	GitTagsURL       string `json:"git_tags_url"`
	HooksURL         string `json:"hooks_url"`
	IssueCommentURL  string `json:"issue_comment_url"`
	IssueEventsURL   string `json:"issue_events_url"`
	IssuesURL        string `json:"issues_url"`
	KeysURL          string `json:"keys_url"`
	LabelsURL        string `json:"labels_url"`
	LanguagesURL     string `json:"languages_url"`
	MergesURL        string `json:"merges_url"`
	MilestonesURL    string `json:"milestones_url"`
	NotificationsURL string `json:"notifications_url"`
	PullsURL         string `json:"pulls_url"`
	ReleasesURL      string `json:"releases_url"`
	StargazersURL    string `json:"stargazers_url"`
	StatusesURL      string `json:"statuses_url"`
	SubscribersURL   string `json:"subscribers_url"`
	SubscriptionURL  string `json:"subscription_url"`
	TagsURL          string `json:"tags_url"`
	TeamsURL         string `json:"teams_url"`
	TreesURL         string `json:"trees_url"`
}

type wireBlob struct {
	SHA      string `json:"sha"`
	NodeID   string `json:"node_id"`
	Size     int    `json:"size"`
	URL      string `json:"url"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

type wireTreeEntry struct {
	Path string `json:"path"`
	Mode string `json:"mode"`
	Type string `json:"type"`
	SHA  string `json:"sha"`
	Size *int64 `json:"size,omitempty"`
	URL  string `json:"url"`
}

type wireTree struct {
	SHA       string          `json:"sha"`
	URL       string          `json:"url"`
	Tree      []wireTreeEntry `json:"tree"`
	Truncated bool            `json:"truncated"`
}

type wireSignature struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Date  string `json:"date"`
}

type wireVerification struct {
	Verified   bool    `json:"verified"`
	Reason     string  `json:"reason"`
	Signature  *string `json:"signature"`
	Payload    *string `json:"payload"`
	VerifiedAt *string `json:"verified_at"`
}

type wireSHAURL struct {
	SHA     string `json:"sha"`
	URL     string `json:"url"`
	HTMLURL string `json:"html_url,omitempty"`
}

// wireGitCommit is a commit as the Git data API answers it; parents is
// always sent ([] for a root commit).
type wireGitCommit struct {
	SHA          string           `json:"sha"`
	NodeID       string           `json:"node_id"`
	URL          string           `json:"url"`
	HTMLURL      string           `json:"html_url"`
	Author       wireSignature    `json:"author"`
	Committer    wireSignature    `json:"committer"`
	Tree         wireSHAURL       `json:"tree"`
	Message      string           `json:"message"`
	Parents      []wireSHAURL     `json:"parents"`
	Verification wireVerification `json:"verification"`
}

// wireCommitData is the "commit" object inside a repository commit.
type wireCommitData struct {
	URL          string           `json:"url"`
	Author       wireSignature    `json:"author"`
	Committer    wireSignature    `json:"committer"`
	Tree         wireSHAURL       `json:"tree"`
	Message      string           `json:"message"`
	CommentCount int              `json:"comment_count"`
	Verification wireVerification `json:"verification"`
}

type wireRef struct {
	Ref    string `json:"ref"`
	NodeID string `json:"node_id"`
	URL    string `json:"url"`
	Object struct {
		SHA  string `json:"sha"`
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"object"`
}

type wireLinks map[string]map[string]string

type wireContent struct {
	Type        string            `json:"type"`
	Encoding    string            `json:"encoding,omitempty"`
	Size        int64             `json:"size"`
	Name        string            `json:"name"`
	Path        string            `json:"path"`
	Content     *string           `json:"content,omitempty"`
	SHA         string            `json:"sha"`
	URL         string            `json:"url"`
	GitURL      string            `json:"git_url"`
	HTMLURL     string            `json:"html_url"`
	DownloadURL *string           `json:"download_url"`
	Links       map[string]string `json:"_links"`
}

type wireStats struct {
	Total     int `json:"total"`
	Additions int `json:"additions"`
	Deletions int `json:"deletions"`
}

type wireFile struct {
	SHA         string `json:"sha"`
	Filename    string `json:"filename"`
	Status      string `json:"status"`
	Additions   int    `json:"additions"`
	Deletions   int    `json:"deletions"`
	Changes     int    `json:"changes"`
	BlobURL     string `json:"blob_url"`
	RawURL      string `json:"raw_url"`
	ContentsURL string `json:"contents_url"`
	Patch       string `json:"patch,omitempty"`
}

type wireRepoCommit struct {
	SHA         string         `json:"sha"`
	NodeID      string         `json:"node_id"`
	Commit      wireCommitData `json:"commit"`
	URL         string         `json:"url"`
	HTMLURL     string         `json:"html_url"`
	CommentsURL string         `json:"comments_url"`
	Author      *wireUser      `json:"author"`
	Committer   *wireUser      `json:"committer"`
	Parents     []wireSHAURL   `json:"parents"`
	Stats       *wireStats     `json:"stats,omitempty"`
	Files       []wireFile     `json:"files,omitempty"`
}

type wireCompare struct {
	URL             string           `json:"url"`
	HTMLURL         string           `json:"html_url"`
	PermalinkURL    string           `json:"permalink_url"`
	DiffURL         string           `json:"diff_url"`
	PatchURL        string           `json:"patch_url"`
	BaseCommit      wireRepoCommit   `json:"base_commit"`
	MergeBaseCommit wireRepoCommit   `json:"merge_base_commit"`
	Status          string           `json:"status"`
	AheadBy         int              `json:"ahead_by"`
	BehindBy        int              `json:"behind_by"`
	TotalCommits    int              `json:"total_commits"`
	Commits         []wireRepoCommit `json:"commits"`
	Files           []wireFile       `json:"files"`
}

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

type wireTeam struct {
	ID              int64     `json:"id"`
	NodeID          string    `json:"node_id"`
	URL             string    `json:"url"`
	HTMLURL         string    `json:"html_url"`
	MembersURL      string    `json:"members_url"`
	RepositoriesURL string    `json:"repositories_url"`
	Name            string    `json:"name"`
	Slug            string    `json:"slug"`
	Description     *string   `json:"description"`
	Privacy         string    `json:"privacy"`
	Permission      string    `json:"permission"`
	Type            string    `json:"type"` // "organization" or "enterprise"
	Parent          *struct{} `json:"parent"`
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

type wireCheckRun struct {
	ID           int64          `json:"id"`
	NodeID       string         `json:"node_id"`
	HeadSHA      string         `json:"head_sha"`
	ExternalID   string         `json:"external_id"`
	URL          string         `json:"url"`
	HTMLURL      string         `json:"html_url"`
	DetailsURL   string         `json:"details_url"`
	Status       string         `json:"status"`
	Conclusion   *string        `json:"conclusion"`
	StartedAt    string         `json:"started_at"`
	CompletedAt  *string        `json:"completed_at"`
	Name         string         `json:"name"`
	Output       wireOutput     `json:"output"`
	CheckSuite   *struct{}      `json:"check_suite"`
	App          *struct{}      `json:"app"`
	PullRequests []wirePRMinRef `json:"pull_requests"`
}

// wireOutput is a check run's output; the stand-in's checks have none.
type wireOutput struct {
	Title            *string `json:"title"`
	Summary          *string `json:"summary"`
	Text             *string `json:"text"`
	AnnotationsCount int     `json:"annotations_count"`
	AnnotationsURL   string  `json:"annotations_url"`
}

// wirePRMinRef is a pull request as a check run names it.
type wirePRMinRef struct {
	ID     int64  `json:"id"`
	Number int    `json:"number"`
	URL    string `json:"url"`
}

type wireCheckRuns struct {
	TotalCount int            `json:"total_count"`
	CheckRuns  []wireCheckRun `json:"check_runs"`
}

type wireStatus struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"`
	URL         string  `json:"url"`
	State       string  `json:"state"`
	Description *string `json:"description"`
	TargetURL   *string `json:"target_url"`
	AvatarURL   *string `json:"avatar_url"`
	Context     string  `json:"context"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

type wireCombinedStatus struct {
	State      string       `json:"state"`
	Statuses   []wireStatus `json:"statuses"`
	SHA        string       `json:"sha"`
	TotalCount int          `json:"total_count"`
	CommitURL  string       `json:"commit_url"`
	URL        string       `json:"url"`
	Repository wireRepo     `json:"repository"`
}

type wireInstallationToken struct {
	Token               string            `json:"token"`
	ExpiresAt           string            `json:"expires_at"`
	Permissions         map[string]string `json:"permissions"`
	RepositorySelection string            `json:"repository_selection"`
}

type wireErrorBody struct {
	Message          string `json:"message"`
	Errors           []any  `json:"errors,omitempty"`
	DocumentationURL string `json:"documentation_url,omitempty"`
	Status           string `json:"status,omitempty"`
}

type wireValidationError struct {
	Resource string `json:"resource"`
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Message  string `json:"message,omitempty"`
}
