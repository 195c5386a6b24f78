package githubfake

// Wire types of Git data, commits, comparisons and contents.

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
