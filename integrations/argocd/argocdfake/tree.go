package argocdfake

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/gitops-engine/pkg/health"
	synccommon "github.com/argoproj/gitops-engine/pkg/sync/common"
)

// Every app manages one Service and one Deployment named spec.Deployment;
// the Deployment owns a ReplicaSet and a Pod named after the deployed
// revision.

func fakeUID(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p + "\x00"))
	}
	x := hex.EncodeToString(h.Sum(nil))
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func (a *app) serviceRef() v1alpha1.ResourceRef {
	return v1alpha1.ResourceRef{Version: "v1", Kind: "Service", Namespace: a.spec.Namespace, Name: a.spec.Deployment,
		UID: fakeUID(a.spec.Name, "svc")}
}

func (a *app) deploymentRef() v1alpha1.ResourceRef {
	return v1alpha1.ResourceRef{Group: "apps", Version: "v1", Kind: "Deployment", Namespace: a.spec.Namespace,
		Name: a.spec.Deployment, UID: fakeUID(a.spec.Name, "deploy")}
}

func (a *app) replicaSetRef() v1alpha1.ResourceRef {
	name := a.spec.Deployment + "-" + fakeUID(a.deployed)[:10]
	return v1alpha1.ResourceRef{Group: "apps", Version: "v1", Kind: "ReplicaSet", Namespace: a.spec.Namespace,
		Name: name, UID: fakeUID(a.spec.Name, "rs", a.deployed)}
}

func (a *app) podRef() v1alpha1.ResourceRef {
	rs := a.replicaSetRef()
	return v1alpha1.ResourceRef{Version: "v1", Kind: "Pod", Namespace: a.spec.Namespace,
		Name: rs.Name + "-" + fakeUID(a.deployed, "pod")[:5], UID: fakeUID(a.spec.Name, "pod", a.deployed)}
}

func healthy() *v1alpha1.HealthStatus {
	return &v1alpha1.HealthStatus{Status: health.HealthStatusHealthy}
}

// deploymentHealth is the Deployment's health: the app's, with the message.
func (a *app) deploymentHealth() *v1alpha1.HealthStatus {
	return &v1alpha1.HealthStatus{Status: a.obj.Status.Health.Status, Message: a.message}
}

// resourceStatuses is status.resources: the app's top-level resources.
func resourceStatuses(a *app) []v1alpha1.ResourceStatus {
	code, svcCode := a.obj.Status.Sync.Status, v1alpha1.SyncStatusCodeSynced
	if code == v1alpha1.SyncStatusCodeUnknown { // the target state could not be loaded: nothing is known
		svcCode = code
	}
	svc, dep := a.serviceRef(), a.deploymentRef()
	return []v1alpha1.ResourceStatus{
		{Version: svc.Version, Kind: svc.Kind, Namespace: svc.Namespace, Name: svc.Name,
			Status: svcCode, Health: healthy()},
		{Group: dep.Group, Version: dep.Version, Kind: dep.Kind, Namespace: dep.Namespace, Name: dep.Name,
			Status: code, Health: a.deploymentHealth()},
	}
}

// syncResults is operationState.syncResult.resources for an operation that
// ended in phase.
func syncResults(a *app, phase synccommon.OperationPhase) []*v1alpha1.ResourceResult {
	svc, dep := a.serviceRef(), a.deploymentRef()
	depCode, depMsg := synccommon.ResultCodeSynced, "deployment.apps/"+dep.Name+" configured"
	if phase != synccommon.OperationSucceeded {
		depCode, depMsg = synccommon.ResultCodeSyncFailed, fmt.Sprintf("Deployment.apps %q is invalid", dep.Name)
	}
	return []*v1alpha1.ResourceResult{
		{Version: "v1", Kind: "Service", Namespace: svc.Namespace, Name: svc.Name, Status: synccommon.ResultCodeSynced,
			Message: "service/" + svc.Name + " unchanged", SyncPhase: synccommon.SyncPhaseSync},
		{Group: "apps", Version: "v1", Kind: "Deployment", Namespace: dep.Namespace, Name: dep.Name, Status: depCode,
			Message: depMsg, SyncPhase: synccommon.SyncPhaseSync},
	}
}

// tree is the app's resource tree as the controller's cache would hold it.
func tree(a *app) *v1alpha1.ApplicationTree {
	created := a.obj.CreationTimestamp.DeepCopy()
	nodes := []v1alpha1.ResourceNode{{ResourceRef: a.serviceRef(), Health: healthy(), CreatedAt: created,
		ResourceVersion: "1"}}
	if a.missing {
		return &v1alpha1.ApplicationTree{Nodes: nodes}
	}
	dep, rs, pod := a.deploymentRef(), a.replicaSetRef(), a.podRef()
	rsHealth, podHealth, podInfo := healthy(), healthy(), []v1alpha1.InfoItem{{Name: "Status Reason", Value: "Running"}, {Name: "Containers", Value: "1/1"}}
	switch a.obj.Status.Health.Status {
	case health.HealthStatusProgressing:
		rsHealth = &v1alpha1.HealthStatus{Status: health.HealthStatusProgressing, Message: msgWaitingRollout}
		podHealth = &v1alpha1.HealthStatus{Status: health.HealthStatusProgressing}
		podInfo = []v1alpha1.InfoItem{{Name: "Status Reason", Value: "ContainerCreating"}, {Name: "Containers", Value: "0/1"}}
	case health.HealthStatusDegraded:
		rsHealth = &v1alpha1.HealthStatus{Status: health.HealthStatusProgressing, Message: msgWaitingRollout}
		podHealth = &v1alpha1.HealthStatus{Status: health.HealthStatusDegraded, Message: fmt.Sprintf(
			"back-off 5m0s restarting failed container=%s pod=%s_%s(%s)", a.spec.Deployment, pod.Name, pod.Namespace, pod.UID)}
		podInfo = []v1alpha1.InfoItem{{Name: "Status Reason", Value: "CrashLoopBackOff"}, {Name: "Containers", Value: "0/1"}}
	}
	return &v1alpha1.ApplicationTree{Nodes: append(nodes,
		v1alpha1.ResourceNode{ResourceRef: dep, Health: a.deploymentHealth(), CreatedAt: created, ResourceVersion: "1"},
		v1alpha1.ResourceNode{ResourceRef: rs, ParentRefs: []v1alpha1.ResourceRef{dep}, Health: rsHealth,
			Info: []v1alpha1.InfoItem{{Name: "Revision", Value: "Rev:" + fmt.Sprint(len(a.obj.Status.History))}}},
		v1alpha1.ResourceNode{ResourceRef: pod, ParentRefs: []v1alpha1.ResourceRef{rs}, Health: podHealth, Info: podInfo,
			Images: append([]string(nil), a.obj.Status.Summary.Images...)},
	)}
}

// managedResources is the diff view of the app's top-level resources.
func managedResources(a *app) []*v1alpha1.ResourceDiff {
	modified := a.obj.Status.Sync.Status != v1alpha1.SyncStatusCodeSynced
	svc, dep := a.serviceRef(), a.deploymentRef()
	depLive := fmt.Sprintf(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":%q,"namespace":%q},"spec":{"template":{"metadata":{"annotations":{"deploybot/revision":%q}}}}}`,
		dep.Name, dep.Namespace, a.deployed)
	depTarget := fmt.Sprintf(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":%q,"namespace":%q},"spec":{"template":{"metadata":{"annotations":{"deploybot/revision":%q}}}}}`,
		dep.Name, dep.Namespace, a.head)
	if !modified {
		depTarget = depLive
	}
	if a.missing {
		depLive = "null"
	}
	svcState := fmt.Sprintf(`{"apiVersion":"v1","kind":"Service","metadata":{"name":%q,"namespace":%q}}`, svc.Name, svc.Namespace)
	return []*v1alpha1.ResourceDiff{
		{Kind: "Service", Namespace: svc.Namespace, Name: svc.Name, TargetState: svcState, LiveState: svcState,
			NormalizedLiveState: svcState, PredictedLiveState: svcState},
		{Group: "apps", Kind: "Deployment", Namespace: dep.Namespace, Name: dep.Name, TargetState: depTarget,
			LiveState: depLive, NormalizedLiveState: depLive, PredictedLiveState: depTarget, Modified: modified},
	}
}
