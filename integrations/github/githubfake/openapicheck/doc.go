// Package openapicheck checks the GitHub stand-in ([githubfake]) against
// GitHub's official REST OpenAPI description: every request a client sends
// (path, query, body) and every answer the stand-in writes (status, headers,
// body) must match the subset committed under testdata/github-openapi.
//
// It is test support: tests pass [Check] as githubfake.Options.Check and
// report githubfake.Server.Violations at cleanup, so the validator is not
// linked into the deploybot binary. The description is read from the module's
// testdata directory once per process.
package openapicheck
