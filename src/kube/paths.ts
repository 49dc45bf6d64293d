// REST paths for objects. Plurals follow Kubernetes' own rule for the kinds we emit;
// cluster-scoped kinds have no namespace segment.
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

const IRREGULAR: Record<string, string> = {
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  ConstraintTemplate: 'constrainttemplates',
  postgresql: 'postgresqls',
};
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'ConstraintTemplate',
  'ClusterIssuer',
  'PersistentVolume',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

function plural(kind: string): string {
  if (IRREGULAR[kind]) return IRREGULAR[kind];
  const k = kind.toLowerCase();
  if (k.endsWith('s')) return `${k}es`;
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

export function isNamespaced(o: KubeObject): boolean {
  return !CLUSTER_SCOPED.has(o.kind) && !o.apiVersion.startsWith('constraints.gatekeeper.sh');
}

export function resourcePath(o: KubeObject, defaultNamespace: string): string {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = isNamespaced(o) ? `/namespaces/${o.metadata.namespace ?? defaultNamespace}` : '';
  return `${base}${ns}/${plural(o.kind)}/${o.metadata.name}`;
}
