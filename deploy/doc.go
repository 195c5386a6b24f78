// Package deploy is deploybot's domain: the configuration model, the
// promotion state machine, the gates that allow or block a promotion, the
// engine that plans, opens, approves, merges, watches and rolls back
// promotions, and the pull request texts it writes. The byte-exact YAML
// edits of GitOps files live in the leaf package deploy/yamledit.
//
// It imports no Slack, GitHub, Argo CD or bbolt package; adapters translate
// their vendor types into the types defined here. A test enforces this.
package deploy
