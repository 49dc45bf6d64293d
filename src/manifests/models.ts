// apiVersion → the kubernetes-models module that has its classes. Loaded on demand,
// so validating a set imports only the groups it uses.
type ModelClass = new (data: unknown) => { validate(): void };
type Module = Record<string, unknown>;

const MODULES: Record<string, () => Promise<Module>> = {
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
  // Argo Rollouts and Argo CD share the argoproj.io group.
  'argoproj.io/v1alpha1': async () => ({ ...(await import('@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1')), ...(await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1')) }),
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

const cache = new Map<string, Promise<Module>>();

export async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const load = MODULES[apiVersion];
  if (!load) return undefined;
  let mod = cache.get(apiVersion);
  if (!mod) cache.set(apiVersion, (mod = load()));
  const cls = (await mod)[kind];
  return typeof cls === 'function' ? (cls as ModelClass) : undefined;
}

export function modelledApiVersions(): string[] {
  return Object.keys(MODULES);
}
