package deploy_test

import "slices"

// The vendor libraries the layering keeps apart.
var (
	slackLibs  = []string{"github.com/slack-go/slack"}
	githubLibs = []string{"github.com/google/go-github", "github.com/bradleyfalzon/ghinstallation"}
	argoLibs   = []string{"github.com/argoproj", "k8s.io", "sigs.k8s.io"}
	bboltLibs  = []string{"go.etcd.io/bbolt"}
	cmpLib     = "github.com/google/go-cmp"
	yamlLib    = "gopkg.in/yaml.v3"
	grpcLibs   = []string{"google.golang.org/grpc", "google.golang.org/protobuf"}
	fakes      = []string{"bot/slackfake", "integrations/github/githubfake", "integrations/argocd/argocdfake"}

	// argo-cd itself links go-github (its util/git), so a package that
	// imports argo-cd cannot be kept from reaching go-github; its may list
	// still keeps it from importing go-github.
	argoNever = slices.Concat(slackLibs, bboltLibs)
)

// importRules is the architecture as a table: for each package, what it
// owns and what it may import. Dependencies point inward: the adapters
// (bot, integrations/*, store) know the domain (deploy); the domain knows
// no adapter; only cmd wires them together. A package below a listed one
// follows its parent's rule unless it has its own. No rule lets a package
// import testdata/: it holds data only. A rule for a package that does not
// exist yet checks nothing.
var importRules = []importRule{
	{pkg: "deploy", owns: "the promotion story: engine, states, gates, approvals, rollout assessment, PR text",
		may:     []string{"deploy", "github.com/Masterminds/semver"},
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "deploy/config", owns: "deploybot.yaml: parsing, defaults, validation, templates, credentials",
		may:     []string{"deploy/fault", "deploy/yamledit", "github.com/Masterminds/semver", yamlLib},
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "deploy/fault", owns: "whose fault an error is: the error codes, user messages, dependency failures",
		never: slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "deploy/yamledit", owns: "byte-exact YAML edits (key paths, components)",
		may:     []string{yamlLib},
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "store", owns: "bbolt: promotions, audit log, locks, watches, de-duplication keys",
		may:     slices.Concat([]string{"deploy"}, bboltLibs),
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs)},
	{pkg: "bot", owns: "Slack: Socket Mode loop, slash commands, Block Kit, buttons, App Home",
		may: slices.Concat([]string{"deploy"}, slackLibs),
		// The crash and restart tests run the bot's Queue on a real store.
		testMay: []string{"bot/slackfake", "store", cmpLib, yamlLib},
		never:   slices.Concat(githubLibs, argoLibs, bboltLibs)},
	{pkg: "bot/slackfake", owns: "the Slack stand-in: Web API and Socket Mode over a real websocket",
		may:     []string{"github.com/gorilla/websocket"},
		testMay: slices.Concat(slackLibs, []string{cmpLib}),
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/github", owns: "go-github: promotion PRs, merge, revert, origin PR, changelog",
		may:     slices.Concat([]string{"deploy"}, githubLibs),
		testMay: []string{"integrations/github/githubfake", "github.com/go-git/go-git", cmpLib},
		never:   slices.Concat(slackLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/github/githubfake", owns: "the GitHub stand-in: REST API over a real Git repository",
		may:     []string{"github.com/go-git/go-git"},
		testMay: slices.Concat([]string{"integrations/github/githubfake", cmpLib}, githubLibs),
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/github/githubfake/openapicheck", owns: "checks GitHub exchanges against the REST description",
		may:     []string{"github.com/getkin/kin-openapi"},
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/github/githubfake/openapicheck/cutsubset", owns: "cuts the REST description down to the operations we use",
		may:   []string{"integrations/github/githubfake/openapicheck"},
		never: slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/argocd", owns: "argo-cd/v2 apiclient (gRPC): observe, watch, sync an Application",
		may:     slices.Concat([]string{"deploy"}, argoLibs, grpcLibs),
		testMay: []string{"integrations/argocd/argocdfake", cmpLib},
		never:   argoNever},
	{pkg: "integrations/argocd/argocdfake", owns: "the Argo CD stand-in: the real gRPC services",
		may: slices.Concat(argoLibs, grpcLibs),
		// The CRD test checks the testdrive's seeded Applications.
		testMay: []string{"integrations/standins", "integrations/testdrive", cmpLib},
		never:   argoNever},
	{pkg: "integrations/enginetest", owns: "the engine's integration tests: real store and clients against the stand-ins",
		testMay: slices.Concat([]string{"deploy", "store", "integrations/github", "integrations/argocd", cmpLib}, argoLibs, grpcLibs)},
	{pkg: "integrations/localapi", owns: "the CLI's local API to a running serve (HTTP+JSON on a unix socket)",
		may:     []string{"deploy"},
		testMay: []string{"integrations/github/githubfake", cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/metrics", owns: "Prometheus metrics of the engine, the adapters and their transports",
		may:   []string{"deploy", "github.com/prometheus/client_golang"},
		never: slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/standins", owns: "the three stand-ins started and seeded for the testdrive",
		may:     slices.Concat([]string{"deploy"}, fakes),
		testMay: []string{cmpLib},
		never:   argoNever},
	// The testdrive runs the real serve, so it reaches everything serve
	// does (Slack, bbolt, argo-cd); its own imports stay these.
	{pkg: "integrations/testdrive", owns: "the testdrive: the stand-ins with the real serve (Drive), the scripted story, its end-to-end tests",
		may:     slices.Concat([]string{"deploy", "integrations/serve", "integrations/standins", "github.com/argoproj/gitops-engine"}, fakes),
		testMay: []string{"integrations/github/githubfake/openapicheck", "store", cmpLib}},
	{pkg: "integrations/checkout", owns: "promote --local: a plan's files written into a local checkout, all or none",
		may:     []string{"deploy"},
		testMay: []string{cmpLib},
		never:   slices.Concat(slackLibs, githubLibs, argoLibs, bboltLibs)},
	{pkg: "integrations/serve", owns: "serve's wiring: config and secrets → store, GitHub, Argo CD, metrics → engine → bot, local API → HTTP; its lifecycle and /readyz",
		may: []string{"deploy", "store", "bot", "integrations/github", "integrations/argocd", "integrations/localapi", "integrations/metrics"},
		// The tests run serve against the stand-ins.
		testMay: slices.Concat([]string{"integrations/github/githubfake/openapicheck", "integrations/standins", "integrations/testdrive", cmpLib}, fakes),
		never:   fakes},
	// cmd reaches bbolt, go-github and argo-cd only through the packages
	// it calls; store stays a direct import for backup, restore, history
	// and --wait without a serve (the store read-only, or its socket path).
	{pkg: "cmd", owns: "cobra commands, flags, what they print, exit codes",
		may:     []string{"deploy", "store", "integrations/serve", "integrations/localapi", "integrations/checkout", "integrations/testdrive", "github.com/spf13/cobra"},
		testMay: slices.Concat([]string{"integrations/github/githubfake/openapicheck", "integrations/standins", cmpLib}, fakes)},
}

// importExceptions are today's departures from importRules, to be deleted
// as they are fixed; there are none.
var importExceptions = []importException{}
