// apiVersion + kind → the kubernetes-models class that validates it. The kinds
// KaptainKube emits load one by one (a Deployment pulls in its own schemas, not the
// 200-odd other classes of core/v1); any other kind of a modelled group falls back to
// the group's index module. Everything loads on demand, so validating a set imports
// only what it uses.
type Module = Record<string, unknown>;
export type ModelClass = new (data: unknown) => { validate(): void };

// Literal import() calls, not computed specifiers: the bundler sees every module.
const KINDS: Record<string, Record<string, () => Promise<Module>>> = {
  v1: {
    Namespace: () => import('kubernetes-models/v1/Namespace'),
    Service: () => import('kubernetes-models/v1/Service'),
    ConfigMap: () => import('kubernetes-models/v1/ConfigMap'),
    Secret: () => import('kubernetes-models/v1/Secret'),
    ServiceAccount: () => import('kubernetes-models/v1/ServiceAccount'),
    PersistentVolumeClaim: () => import('kubernetes-models/v1/PersistentVolumeClaim'),
    ResourceQuota: () => import('kubernetes-models/v1/ResourceQuota'),
    LimitRange: () => import('kubernetes-models/v1/LimitRange'),
  },
  'apps/v1': {
    Deployment: () => import('kubernetes-models/apps/v1/Deployment'),
    StatefulSet: () => import('kubernetes-models/apps/v1/StatefulSet'),
    DaemonSet: () => import('kubernetes-models/apps/v1/DaemonSet'),
  },
  'batch/v1': {
    Job: () => import('kubernetes-models/batch/v1/Job'),
    CronJob: () => import('kubernetes-models/batch/v1/CronJob'),
  },
  'networking.k8s.io/v1': {
    Ingress: () => import('kubernetes-models/networking.k8s.io/v1/Ingress'),
    NetworkPolicy: () => import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy'),
  },
  'policy/v1': {
    PodDisruptionBudget: () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
  },
  'rbac.authorization.k8s.io/v1': {
    Role: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/Role'),
    RoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'),
    ClusterRole: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
    ClusterRoleBinding: () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
  },
  'autoscaling/v2': {
    HorizontalPodAutoscaler: () => import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'),
  },
  'admissionregistration.k8s.io/v1': {
    ValidatingAdmissionPolicy: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy'),
    ValidatingAdmissionPolicyBinding: () =>
      import('kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding'),
  },
  'networking.istio.io/v1': {
    VirtualService: () => import('@kubernetes-models/istio/networking.istio.io/v1/VirtualService'),
    DestinationRule: () => import('@kubernetes-models/istio/networking.istio.io/v1/DestinationRule'),
    Gateway: () => import('@kubernetes-models/istio/networking.istio.io/v1/Gateway'),
  },
  'security.istio.io/v1': {
    PeerAuthentication: () => import('@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication'),
    AuthorizationPolicy: () => import('@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy'),
  },
  'monitoring.coreos.com/v1': {
    ServiceMonitor: () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'),
    PodMonitor: () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor'),
    PrometheusRule: () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'),
  },
  'cert-manager.io/v1': {
    Certificate: () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate'),
    Issuer: () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer'),
    ClusterIssuer: () => import('@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer'),
  },
  'keda.sh/v1alpha1': {
    ScaledObject: () => import('@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject'),
    TriggerAuthentication: () => import('@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication'),
  },
  // Argo Rollouts and Argo CD share the argoproj.io group.
  'argoproj.io/v1alpha1': {
    Rollout: () => import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout'),
    AnalysisTemplate: () => import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate'),
    Application: () => import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application'),
  },
};

/** Whole groups, for kinds of a modelled apiVersion that KaptainKube does not emit itself. */
const GROUPS: Record<string, () => Promise<Module>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'rbac.authorization.k8s.io/v1': () => import('kubernetes-models/rbac.authorization.k8s.io/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'admissionregistration.k8s.io/v1': () => import('kubernetes-models/admissionregistration.k8s.io/v1'),
  'networking.istio.io/v1': () => import('@kubernetes-models/istio/networking.istio.io/v1'),
  'security.istio.io/v1': () => import('@kubernetes-models/istio/security.istio.io/v1'),
  'monitoring.coreos.com/v1': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
  'cert-manager.io/v1': () => import('@kubernetes-models/cert-manager/cert-manager.io/v1'),
  'keda.sh/v1alpha1': () => import('@kubernetes-models/keda/keda.sh/v1alpha1'),
  'argoproj.io/v1alpha1': async () => ({
    ...(await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1')),
    ...(await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1')),
  }),
};

/** Groups whose kinds KaptainKube emits without a model package (known, but not schema-validated). */
export const KNOWN_UNMODELLED: Record<string, string> = {
  'tekton.dev/v1': 'Tekton Pipelines',
  'triggers.tekton.dev/v1beta1': 'Tekton Triggers',
  'autoscaling.k8s.io/v1': 'Vertical Pod Autoscaler',
  'templates.gatekeeper.sh/v1': 'OPA Gatekeeper',
  'constraints.gatekeeper.sh/v1beta1': 'OPA Gatekeeper',
  'configuration.konghq.com/v1': 'Kong',
  'acid.zalan.do/v1': 'Zalando postgres-operator',
  'mysql.oracle.com/v2': 'MySQL Operator',
  'mongodbcommunity.mongodb.com/v1': 'MongoDB Community Operator',
  'redis.redis.opstreelabs.in/v1beta2': 'Redis Operator',
  'opentelemetry.io/v1beta1': 'OpenTelemetry Operator',
  'opentelemetry.io/v1alpha1': 'OpenTelemetry Operator',
  'jaegertracing.io/v1': 'Jaeger Operator',
  'logging.banzaicloud.io/v1beta1': 'Logging Operator',
};

/** API versions a Kubernetes 1.29+ API server no longer serves: when, and what replaces them. */
export const REMOVED_APIS: Record<string, { since: string; use: string }> = {
  'extensions/v1beta1': { since: '1.22', use: 'apps/v1 (workloads) or networking.k8s.io/v1 (Ingress, NetworkPolicy)' },
  'apps/v1beta1': { since: '1.16', use: 'apps/v1' },
  'apps/v1beta2': { since: '1.16', use: 'apps/v1' },
  'batch/v1beta1': { since: '1.25', use: 'batch/v1' },
  'policy/v1beta1': {
    since: '1.25',
    use: 'policy/v1 (PodDisruptionBudget); PodSecurityPolicy is gone: use Pod Security Admission',
  },
  'autoscaling/v2beta1': { since: '1.25', use: 'autoscaling/v2' },
  'autoscaling/v2beta2': { since: '1.26', use: 'autoscaling/v2' },
  'networking.k8s.io/v1beta1': { since: '1.22', use: 'networking.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1': { since: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { since: '1.22', use: 'admissionregistration.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { since: '1.22', use: 'apiextensions.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { since: '1.22', use: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { since: '1.27', use: 'storage.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { since: '1.25', use: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { since: '1.25', use: 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1': { since: '1.25', use: 'node.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { since: '1.22', use: 'coordination.k8s.io/v1' },
  'certificates.k8s.io/v1beta1': { since: '1.22', use: 'certificates.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { since: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
};

const cache = new Map<string, Promise<Module>>();

function load(key: string, loader: () => Promise<Module>): Promise<Module> {
  let mod = cache.get(key);
  if (!mod) cache.set(key, (mod = loader()));
  return mod;
}

export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const one =
    Object.hasOwn(KINDS, apiVersion) && Object.hasOwn(KINDS[apiVersion], kind) ? KINDS[apiVersion][kind] : undefined;
  const group = Object.hasOwn(GROUPS, apiVersion) ? GROUPS[apiVersion] : undefined;
  const mod = one ? await load(`${apiVersion}/${kind}`, one) : group ? await load(apiVersion, group) : undefined;
  const cls = mod && Object.hasOwn(mod, kind) ? mod[kind] : undefined;
  return typeof cls === 'function' ? (cls as ModelClass) : undefined;
}

export function modelledApiVersions(): string[] {
  return Object.keys(GROUPS);
}

/** The kinds of an apiVersion that KaptainKube emits and validates with a model. */
export function emittedKinds(apiVersion: string): string[] {
  return Object.keys(KINDS[apiVersion] ?? {});
}
