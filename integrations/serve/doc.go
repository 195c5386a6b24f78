// Package serve is deploybot serve's wiring: from the config and the
// secrets it builds the adapters (the store, the GitHub and Argo CD
// clients, the metrics), the engine over them, the Slack bot and the local
// API in front of the engine, and the HTTP endpoints /healthz, /readyz and
// /metrics, then runs them all and stops them in order (Run). It also
// owns what serve does around that: reading every startup problem at once
// (LoadOptions), checking Slack, GitHub and Argo CD in the background and
// reporting them on /readyz, and logging each promotion's transitions.
//
// OpenEngine wires the same engine without Slack or HTTP, for the
// commands that act on the store when no serve runs.
//
// cmd/deploybot calls it from its cobra commands; the testdrive and the
// end-to-end tests call Run against the stand-ins.
package serve
