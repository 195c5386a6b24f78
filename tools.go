//go:build tools

// This file pins libraries deploybot will use in go.mod before a package
// imports them. It is never compiled (the "tools" build tag is never set);
// `go mod tidy` still reads it. Remove an import from here once a real
// package imports it.
package deploybot

import (
	_ "github.com/prometheus/client_golang/prometheus" // serve's /metrics (issue 8)
)
