package localapi

import (
	"time"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/fault"
)

// PromoteRequest is the body of POST /v1/promotions.
type PromoteRequest struct {
	Service string `json:"service"`
	Version string `json:"version,omitempty"` // empty: what the upstream environment runs
	Env     string `json:"env"`
	Reason  string `json:"reason,omitempty"`
	Force   string `json:"force,omitempty"` // reason to promote a rolled-back version
}

// RollbackRequest is the body of POST /v1/rollbacks: a promotion ID, or
// a service and environment naming the latest deployed promotion there.
type RollbackRequest struct {
	PromotionID string `json:"promotionID,omitempty"`
	Service     string `json:"service,omitempty"`
	Env         string `json:"env,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// Event is one audit event as history shows it, with the service and
// environment of its promotion.
type Event struct {
	Seq         uint64       `json:"seq"`
	At          time.Time    `json:"at"`
	PromotionID string       `json:"promotionID,omitempty"`
	Service     string       `json:"service,omitempty"`
	Env         string       `json:"env,omitempty"`
	Actor       string       `json:"actor,omitempty"`
	Action      string       `json:"action"`
	From        deploy.State `json:"from,omitempty"`
	To          deploy.State `json:"to,omitempty"`
	Reason      string       `json:"reason,omitempty"`
}

// HistoryPage is the answer of GET /v1/history: the events after the
// requested sequence number that match the filter, and the sequence
// number to ask after next (0 when there are no more).
type HistoryPage struct {
	Events []Event `json:"events"`
	Next   uint64  `json:"next,omitempty"`
}

// Status is the answer of GET /v1/status: the version table of the GitOps
// repository's base branch as text, and the promotions in flight.
type Status struct {
	Table  string             `json:"table"`
	Active []deploy.Promotion `json:"active"`
}

// WhoAmI is the answer of GET /v1/whoami: whom the token proves.
type WhoAmI struct {
	// ID is the Slack user ID of a person, or automation:NAME.
	ID string `json:"id"`
	// Login is a person's GitHub login; empty for an automation.
	Login string `json:"login,omitempty"`
	// Automation is the automation's name; empty for a person.
	Automation string `json:"automation,omitempty"`
}

// errorBody is every error answer.
type errorBody struct {
	Code    fault.Code `json:"code"`
	Message string     `json:"message"`
}
