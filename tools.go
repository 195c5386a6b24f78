//go:build tools

// This file pins the libraries deploybot is built on in go.mod before every
// package that uses them exists. It is never compiled (the "tools" build tag
// is never set); `go mod tidy` still reads it. Remove an import from here once
// a real package imports it.
package deploybot

import (
	_ "github.com/Masterminds/semver/v3"
	_ "github.com/argoproj/argo-cd/v2/pkg/apiclient"
	_ "github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	_ "github.com/bradleyfalzon/ghinstallation/v2"
	_ "github.com/go-git/go-git/v5"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/google/go-github/v60/github"
	_ "github.com/gorilla/websocket"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/slack-go/slack/socketmode"
	_ "github.com/spf13/cobra"
	_ "go.etcd.io/bbolt"
	_ "gopkg.in/yaml.v3"
)
