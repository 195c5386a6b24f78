// Package argocdfake is an in-process stand-in for an Argo CD API server.
//
// It is a real gRPC server on 127.0.0.1 that implements
// application.ApplicationServiceServer (and VersionService, which the
// argo-cd apiclient calls while connecting) from github.com/argoproj/argo-cd/v2,
// so the real apiclient reaches it with
//
//	apiclient.NewClient(&apiclient.ClientOptions{ServerAddr: srv.Addr(), PlainText: true, AuthToken: tok})
//
// Its Applications follow a Git Source: when the head of an app's branch
// moves and one of the app's paths changed, the app goes OutOfSync; with
// automated sync (or after Sync) an operation runs (Running -> Succeeded),
// the app is re-reconciled (Synced, Progressing) and becomes Healthy, or
// follows a Script (Degraded, stuck Progressing, sync Failed/Error, Missing).
//
// Nothing moves on its own: time comes from an injected Clock and state
// advances only when the test or driver calls Tick or Advance (or Run, which
// ticks on a wall-clock interval), so no test sleeps.
//
// gRPC-Web is not served: the grpc-web server library is not in the module
// graph, so clients must use plain gRPC (ClientOptions.GRPCWeb false).
//
// # Fidelity
//
// The stand-in is checked against Argo CD v2.14.21 (the argo-cd version in
// go.mod): its Applications against that release's Application CRD
// (testdata/application-crd.yaml), what they fill against its controller,
// its errors against its API server. FIDELITY.md says how, what that
// found and what is not modelled.
package argocdfake
