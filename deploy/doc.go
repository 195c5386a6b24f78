// Package deploy is deploybot's domain: the configuration model, the
// promotion state machine, the gates that allow or block a promotion, and
// (later) the engine and the GitOps file edits.
//
// It imports no Slack, GitHub, Argo CD or bbolt package; adapters translate
// their vendor types into the types defined here. A test enforces this.
package deploy
