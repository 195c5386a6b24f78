// Package checkout writes a promotion's file changes into a local
// checkout of the GitOps repository, for deploybot promote --local: every
// file is checked before the first is written (Prepare), each is replaced
// atomically, and when one write fails those written before it are put
// back (Apply). It never commits or pushes.
package checkout
