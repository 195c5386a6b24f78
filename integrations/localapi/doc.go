// Package localapi is the local API of deploybot serve: HTTP and JSON
// over a Unix socket beside the store (store.SocketPath), and optionally
// on a TCP address (api.listen). The process that holds the store serves
// it; the CLI (promote, rollback, history, status, backup) uses it
// whenever a serve runs, so no second process ever needs the store's file
// lock.
//
// Every path is versioned (/v1/...). Errors are {"code", "message"} with a
// deploy.Code, turned back into a *deploy.Error by the Client, so the
// CLI's exit codes are the same whichever way a command ran.
//
// Identity is proven, not claimed: a request that changes anything
// carries "Authorization: Bearer TOKEN", either a person's GitHub token
// (the serve asks GitHub who it is and maps the login through people:)
// or an automation token from automation:. On TCP every request needs
// one; on the Unix socket (mode 0600, so only the store's owner can
// connect) reads need none.
package localapi
