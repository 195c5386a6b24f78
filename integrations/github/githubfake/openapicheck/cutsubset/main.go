// Command cutsubset writes the subset of GitHub's REST description that the
// GitHub stand-in is checked against:
//
//	go run ./integrations/github/githubfake/openapicheck/cutsubset \
//	    -source package/generated/api.github.com.json -version 23.0.2 \
//	    -out testdata/github-openapi/api.github.com.json
//
// where package/ is the unpacked `npm pack @octokit/openapi@VERSION`. Bad
// flags exit 2; an unreadable source or a source that lacks an operation
// exits 1.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/deploybot/deploybot/integrations/github/githubfake/openapicheck"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("cutsubset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("source", "", "path of generated/api.github.com.json from the @octokit/openapi package")
	version := fs.String("version", "", "the @octokit/openapi package version, e.g. 23.0.2")
	out := fs.String("out", "testdata/github-openapi/api.github.com.json", "where to write the subset")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *src == "" || *version == "" {
		fmt.Fprintln(stderr, "cutsubset: -source and -version are required, e.g. -source package/generated/api.github.com.json -version 23.0.2")
		return 2
	}
	b, err := os.ReadFile(*src)
	if err != nil {
		fmt.Fprintf(stderr, "cutsubset: %v\n", err)
		return 1
	}
	subset, err := openapicheck.Cut(b, *version)
	if err != nil {
		fmt.Fprintf(stderr, "cutsubset: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, subset, 0o644); err != nil {
		fmt.Fprintf(stderr, "cutsubset: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "cutsubset: wrote %s (%d bytes, %d operations)\n", *out, len(subset), len(openapicheck.Operations))
	return 0
}
