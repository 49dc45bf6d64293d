// The resolved application every generator receives as its `app` argument: the
// AppDeployment with defaults filled, Dockerfile facts folded in, resources
// estimated, and the list of enabled components, so that each generator can stay
// consistent with the others (no reference to a disabled component's objects).
import { z } from 'zod';
import { APP_TYPES, COMPONENT_IDS, type ComponentId } from './component-ids.js';
import { DATABASE_TYPES, SECURITY_PROFILES } from '../vocabulary.js';
import { statefulContextSchema } from './stateful-context.js';

export { COMPONENT_IDS, type AppType, type ComponentId } from './component-ids.js';

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63);

const appPortSchema = z.object({
  /** IANA-style port name used by Services, probes and ServiceMonitors ("http", "grpc", "metrics"). */
  name: z.string().max(15),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'UDP', 'gRPC']),
  path: z.string().optional(),
  healthCheck: z.string().optional(),
});
export type AppPort = z.infer<typeof appPortSchema>;

/** A port that speaks HTTP (plain, TLS or gRPC): what an Ingress, a VirtualService's routes and the mesh's HTTP rules address. */
export const servesHttp = (p: Pick<AppPort, 'protocol'>): boolean =>
  p.protocol === 'HTTP' || p.protocol === 'HTTPS' || p.protocol === 'gRPC';

export const appContextSchema = z.object({
  name,
  namespace: name,
  labels: z.record(z.string(), z.string()).default({}),
  image: z.string().min(1),
  appType: z.enum(APP_TYPES),
  language: z.string().default('unknown'),
  /** The language version the Dockerfile builds with (the node:20 in `FROM node:20-alpine`). */
  languageVersion: z.string().optional(),
  framework: z.string().optional(),
  ports: z.array(appPortSchema).default([]),
  /** Probe settings resolved from healthCheck, HEALTHCHECK or the port type. */
  health: z
    .object({
      path: z.string().optional(),
      port: z.number().int().optional(),
      grpc: z.boolean().default(false),
    })
    .optional(),
  /** Writable paths the app needs (Dockerfile VOLUME and /tmp): emptyDir mounts under a read-only root. */
  writablePaths: z.array(z.string()).default(['/tmp']),
  /** null: no id is known (a named USER nothing resolves); the pod then sets none. */
  runAsUser: z.number().int().min(1).nullable().default(10001),
  runAsGroup: z.number().int().min(1).nullable().default(10001),
  resources: z.object({
    cpu: z.string(),
    memory: z.string(),
    cpuLimit: z.string().optional(),
    memoryLimit: z.string(),
    gpu: z.number().int().min(0).default(0),
    storage: z.string().optional(),
  }),
  scaling: z.object({
    /** 0 only for a KEDA-scaled worker, which may stop when its queue is empty. */
    minReplicas: z.number().int().min(0),
    maxReplicas: z.number().int().min(1),
    targetCPU: z.number().int().min(1).max(100),
    targetMemory: z.number().int().min(1).max(100).optional(),
    predictive: z.boolean().default(false),
  }),
  securityProfile: z.enum(SECURITY_PROFILES),
  secretsRequired: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  database: z
    .object({
      type: z.enum(DATABASE_TYPES),
      size: z.string(),
      backup: z.boolean(),
      instances: z.number().int().min(1).default(1),
      version: z.string().optional(),
    })
    .optional(),
  ingress: z
    .object({
      className: z.string(),
      tls: z.boolean(),
      host: z.string(),
      annotations: z.record(z.string(), z.string()).default({}),
      rateLimitPerMinute: z.number().int().optional(),
      /** The ACME account's contact address; the Issuer has none when absent. */
      acmeEmail: z.string().optional(),
    })
    .optional(),
  mesh: z.object({ mTLS: z.enum(['strict', 'permissive', 'disabled']) }).optional(),
  monitoring: z
    .object({
      metrics: z.boolean(),
      traces: z.boolean(),
      logs: z.boolean(),
      metricsPort: z.number().int().optional(),
      metricsPath: z.string().default('/metrics'),
      /** Alerts link to `<runbookBaseUrl>#<alert>`; without it they carry no runbook link. */
      runbookBaseUrl: z.string().optional(),
    })
    .optional(),
  cicd: z.object({ gitRepo: z.string().optional(), branch: z.string(), webhook: z.boolean() }).optional(),
  /** Services the image's URL variables (Dockerfile ENV) point at: the database URL to override, others to allow. */
  endpoints: z
    .array(
      z.object({
        env: z.string(),
        kind: z.string(),
        scheme: z.string(),
        host: z.string(),
        port: z.number().int(),
        user: z.string().optional(),
        database: z.string().optional(),
        source: z.string().optional(),
      }),
    )
    .default([]),
  /**
   * Set only when the app is deployed as part of a system (several configs at once): the
   * apps that call it and the apps it calls, so its NetworkPolicies allow exactly those flows.
   */
  peers: z
    .object({
      callers: z.array(z.object({ name, namespace: name })),
      calls: z.array(z.object({ name, namespace: name, ports: z.array(z.number().int().min(1).max(65535)) })),
    })
    .optional(),
  /** Set when the image is itself a database, cache or broker: it runs as a StatefulSet. */
  stateful: statefulContextSchema.optional(),
  /** Queue or event source that drives KEDA, when requirements or dependencies name one. */
  events: z.object({ kind: z.string(), evidence: z.string() }).optional(),
  requirements: z.array(z.string()).default([]),
  /** Components enabled for this app; generators reference only objects of these. */
  components: z.array(z.enum(COMPONENT_IDS)),
});
export type AppContext = z.infer<typeof appContextSchema>;
export type AppContextInput = z.input<typeof appContextSchema>;

export function has(app: AppContext, id: ComponentId): boolean {
  return app.components.includes(id);
}

/** An HPA or a KEDA ScaledObject owns the scale, so no workload may set replicas itself. */
export function autoscaled(app: AppContext): boolean {
  return has(app, 'hpa') || has(app, 'keda');
}

/** Labels every generated object carries; selectors use only the stable pair. */
export function commonLabels(app: AppContext): Record<string, string> {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.name,
    'app.kubernetes.io/managed-by': 'kaptain-kube',
    ...app.labels,
  };
}

/** A regulated profile (pci, hipaa, fips), named where auditors look: on the Namespace and the workloads. */
export function profileLabels(app: AppContext): Record<string, string> {
  return app.securityProfile === 'standard' ? {} : { 'kaptainkube.dev/compliance-profile': app.securityProfile };
}

export function selectorLabels(app: AppContext): Record<string, string> {
  return { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/instance': app.name };
}
