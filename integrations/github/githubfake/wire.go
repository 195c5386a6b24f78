package githubfake

// Wire types: the JSON GitHub returns, field for field for the fields a client
// reads. Fields GitHub sends as null are pointers without omitempty.
//
// They are split by subject into the wire_*.go files; this one holds the
// answers about authentication and errors.

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
