// Package enginetest holds the promotion engine's integration tests: the
// real store (bbolt in a temporary directory), the real GitHub client
// against githubfake and the real Argo CD client over gRPC against
// argocdfake, with a recording notifier and a fake clock. It has no
// non-test code beyond this comment, so package deploy stays free of
// vendor imports.
package enginetest
