import { defineResource, resourceUri } from '../../shared/resource.js';
import { KNOWN_UNMODELLED, modelledApiVersions, modelFor } from '../../../src/manifests/models.js';

const KINDS: Record<string, string[]> = {
  v1: ['Namespace', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange'],
  'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet'],
  'batch/v1': ['Job', 'CronJob'],
  'networking.k8s.io/v1': ['Ingress', 'NetworkPolicy'],
  'policy/v1': ['PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'admissionregistration.k8s.io/v1': ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'networking.istio.io/v1': ['VirtualService', 'DestinationRule', 'Gateway'],
  'security.istio.io/v1': ['PeerAuthentication', 'AuthorizationPolicy'],
  'monitoring.coreos.com/v1': ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'],
  'cert-manager.io/v1': ['Certificate', 'Issuer', 'ClusterIssuer'],
  'keda.sh/v1alpha1': ['ScaledObject', 'TriggerAuthentication'],
  'argoproj.io/v1alpha1': ['Rollout', 'AnalysisTemplate', 'Application'],
};

export default defineResource({
  name: 'kubernetes_schema',
  uri: resourceUri('k8s-manifest-generator', 'kubernetes_schema'),
  title: 'Kubernetes schemas used for validation',
  description: 'Which apiVersions and kinds validate_manifests checks against a schema (Kubernetes 1.29+ and CRD model packages), and which known CRD groups it accepts without one.',
  mimeType: 'application/json',
  async read() {
    const validated: Record<string, string[]> = {};
    for (const apiVersion of modelledApiVersions()) {
      const kinds: string[] = [];
      for (const kind of KINDS[apiVersion] ?? []) if (await modelFor(apiVersion, kind)) kinds.push(kind);
      validated[apiVersion] = kinds;
    }
    return JSON.stringify({ kubernetes: '1.29+', validated, knownWithoutModel: KNOWN_UNMODELLED }, null, 2);
  },
});
