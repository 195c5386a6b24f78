// Package argocd is deploybot's Argo CD adapter: it observes, watches and
// syncs Applications through the argo-cd/v2 gRPC API client
// (pkg/apiclient) and translates v1alpha1.Application into deploy.Rollout.
// *Client implements deploy.Cluster.
//
// Everything the client uses comes from Options: the apiclient is given
// every ClientOptions field explicitly and an empty private config path,
// so neither a local argocd CLI config (~/.config/argocd) nor ARGOCD_SERVER
// or ARGOCD_AUTH_TOKEN changes what it connects to or sends.
//
// The apiclient never retries (its retry interceptors are displaced by its
// OTEL ones), so a cut Watch stream surfaces as an Unavailable error from
// Recv; Watch reconnects with bounded, jittered exponential backoff and
// re-reads the Application with Get after every (re)connect.
package argocd
