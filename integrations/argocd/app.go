package argocd

import (
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// appRef names an Application: "name", or "namespace/name" for an app
// outside Argo CD's own namespace (apps in any namespace).
type appRef struct {
	Namespace, Name string
}

// parseApp parses app as "name" or "namespace/name". It returns a
// *deploy.Error with CodeInvalid for an empty name or more than one slash.
func parseApp(app string) (appRef, error) {
	ns, name, found := strings.Cut(app, "/")
	if !found {
		ns, name = "", app
	}
	if name == "" || found && ns == "" || strings.Contains(name, "/") {
		return appRef{}, fault.Errorf(fault.CodeInvalid, "%q is not an Argo CD application name (name or namespace/name)", app)
	}
	return appRef{Namespace: ns, Name: name}, nil
}

// String returns the name as given: name or namespace/name.
func (r appRef) String() string {
	if r.Namespace == "" {
		return r.Name
	}
	return r.Namespace + "/" + r.Name
}

// optional returns a pointer to s, or nil when s is empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
