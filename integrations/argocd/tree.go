package argocd

import (
	"slices"
	"strings"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/gitops-engine/pkg/health"

	"github.com/deploybot/deploybot/deploy"
)

// maxUnhealthy caps how many unhealthy resources a Rollout carries, so a
// large app with many failing pods does not flood a message or the store.
const maxUnhealthy = 20

// severity orders health codes from worst; unlisted codes come last.
var severity = []health.HealthStatusCode{
	health.HealthStatusDegraded, health.HealthStatusMissing, health.HealthStatusUnknown,
	health.HealthStatusSuspended, health.HealthStatusProgressing,
}

// unhealthy returns the tree's resources whose health is known and not
// Healthy, plus the app's managed resources that are Missing (they are
// not live, so not in the tree), worst first (then in tree order), at
// most maxUnhealthy.
func unhealthy(tree *v1alpha1.ApplicationTree, managed []v1alpha1.ResourceStatus) []deploy.Resource {
	var nodes []v1alpha1.ResourceNode
	for _, n := range tree.Nodes {
		if n.Health != nil && n.Health.Status != "" && n.Health.Status != health.HealthStatusHealthy {
			nodes = append(nodes, n)
		}
	}
	for _, m := range managed {
		if m.Health != nil && m.Health.Status == health.HealthStatusMissing {
			nodes = append(nodes, v1alpha1.ResourceNode{
				ResourceRef: v1alpha1.ResourceRef{Group: m.Group, Kind: m.Kind, Namespace: m.Namespace, Name: m.Name},
				Health:      &v1alpha1.HealthStatus{Status: m.Health.Status, Message: m.Health.Message},
			})
		}
	}
	slices.SortStableFunc(nodes, func(a, b v1alpha1.ResourceNode) int {
		return rank(a.Health.Status) - rank(b.Health.Status)
	})
	out := make([]deploy.Resource, 0, min(len(nodes), maxUnhealthy))
	for _, n := range nodes[:min(len(nodes), maxUnhealthy)] {
		out = append(out, deploy.Resource{
			Kind: n.Kind, Namespace: n.Namespace, Name: n.Name,
			Health: string(n.Health.Status), Message: nodeMessage(n),
		})
	}
	return out
}

func rank(code health.HealthStatusCode) int {
	if i := slices.Index(severity, code); i >= 0 {
		return i
	}
	return len(severity)
}

// nodeMessage is the node's health message, led by its status reason
// (a Pod's "CrashLoopBackOff") when that says more than "Running":
// "CrashLoopBackOff (back-off 5m0s restarting failed container …)".
func nodeMessage(n v1alpha1.ResourceNode) string {
	msg := n.Health.Message
	reason := ""
	for _, info := range n.Info {
		if info.Name == "Status Reason" {
			reason = info.Value
		}
	}
	switch {
	case reason == "" || reason == "Running" || reason == "Completed" || strings.Contains(msg, reason):
		return msg
	case msg == "":
		return reason
	}
	return reason + " (" + msg + ")"
}

// healthMessage is the message to show for the app's health: the
// message of the first unhealthy resource whose health is the app's, else
// of the first unhealthy resource that has one.
func healthMessage(app string, rs []deploy.Resource) string {
	for _, r := range rs {
		if r.Health == app && r.Message != "" {
			return r.Message
		}
	}
	for _, r := range rs {
		if r.Message != "" {
			return r.Message
		}
	}
	return ""
}
