// The component and app-type ids as plain constants, without zod, so that the CLI can
// name them in --help without loading any schema.
export const COMPONENT_IDS = [
  'deployment',
  'service',
  'configmap',
  'secrets',
  'ingress',
  'certificates',
  'service-mesh',
  'hpa',
  'vpa',
  'keda',
  'pdb',
  'monitoring',
  'alerts',
  'dashboard',
  'tracing',
  'logging',
  'network-policy',
  'rbac',
  'pod-security',
  'database',
  'rollout',
  'cicd',
  'argocd',
  'cost',
] as const;
export type ComponentId = (typeof COMPONENT_IDS)[number];

export const APP_TYPES = ['http', 'grpc', 'worker', 'gpu-inference', 'static'] as const;
export type AppType = (typeof APP_TYPES)[number];
