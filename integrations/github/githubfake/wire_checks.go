package githubfake

// Wire types of check runs and commit statuses.

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
