package githubfake

// Wire types of people: users, accounts and teams.

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
