package githubfake

// Wire types of a repository object.

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
