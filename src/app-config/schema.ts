// The AppDeployment resource: one zod schema gives validation, defaults, the
// TypeScript types and the JSON Schema that editors use.
import { z } from 'zod';

export const API_VERSION = 'kaptainkube.dev/v1';
export const KIND = 'AppDeployment';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Kubernetes resource.Quantity: a signed decimal with an optional binary, decimal or exponent suffix.
const QUANTITY = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

export const dns1123Label = z
  .string()
  .max(63, 'must be at most 63 characters (a DNS-1123 label)')
  .regex(DNS1123_LABEL, 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');

export const quantity = (what: string) =>
  z.string().regex(QUANTITY, `must be a Kubernetes quantity for ${what}, such as ${what === 'cpu' ? '"500m" or "2"' : '"512Mi" or "10Gi"'}`);

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'UDP', 'gRPC'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Accepts any casing ("grpc", "Http") and normalises to the canonical spelling. */
const protocol = z.preprocess(
  (v) => (typeof v === 'string' ? (PROTOCOLS.find((p) => p.toLowerCase() === v.toLowerCase()) ?? v) : v),
  z.enum(PROTOCOLS, { error: `must be one of ${PROTOCOLS.join(', ')} (any case)` }),
);

export const SECURITY_PROFILES = ['standard', 'pci', 'hipaa', 'fips'] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];
export const DATABASE_TYPES = ['postgresql', 'mysql', 'mongodb', 'redis'] as const;
export type DatabaseType = (typeof DATABASE_TYPES)[number];
export const MTLS_MODES = ['strict', 'permissive', 'disabled'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

const percent = z.number().int().min(1).max(100);

export const portSchema = z.strictObject({
  port: z.number().int().min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'),
  protocol: protocol.default('HTTP'),
  path: z.string().startsWith('/', 'must start with "/"').optional(),
  healthCheck: z.string().startsWith('/', 'must start with "/"').optional(),
  name: dns1123Label.max(15, 'port names are at most 15 characters').optional(),
});

export const resourcesSchema = z.strictObject({
  cpu: quantity('cpu').optional(),
  memory: quantity('memory').optional(),
  storage: quantity('storage').optional(),
  gpu: z.number().int().min(0).max(16).optional(),
});

export const scalingSchema = z
  .strictObject({
    minReplicas: z.number().int().min(1).default(1),
    maxReplicas: z.number().int().min(1).default(10),
    targetCPU: percent.default(80),
    targetMemory: percent.optional(),
    predictive: z.boolean().optional(),
  })
  .refine((s) => s.minReplicas <= s.maxReplicas, {
    message: 'minReplicas must not be greater than maxReplicas',
    path: ['minReplicas'],
  });

export const databaseSchema = z.strictObject({
  type: z.enum(DATABASE_TYPES, { error: `must be one of ${DATABASE_TYPES.join(', ')}` }),
  size: quantity('storage').default('10Gi'),
  backup: z.boolean().default(true),
  version: z.string().optional(),
});

const toggle = { enabled: z.boolean().optional() };

export const componentsSchema = z.strictObject({
  ingress: z
    .strictObject({
      ...toggle,
      className: z.string().min(1).default('kong'),
      tls: z.boolean().default(true),
      host: z.string().optional(),
      annotations: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  serviceMesh: z
    .strictObject({
      enabled: z.boolean().default(true),
      mTLS: z.enum(MTLS_MODES, { error: `must be one of ${MTLS_MODES.join(', ')}` }).default('strict'),
    })
    .prefault({}),
  monitoring: z
    .strictObject({
      enabled: z.boolean().default(true),
      metrics: z.boolean().default(true),
      traces: z.boolean().default(true),
      logs: z.boolean().default(true),
    })
    .prefault({}),
  autoscaling: z
    .strictObject({
      enabled: z.boolean().default(true),
      predictive: z.boolean().default(false),
    })
    .prefault({}),
  cicd: z
    .strictObject({
      enabled: z.boolean().default(true),
      gitRepo: z.string().optional(),
      branch: z.string().min(1).default('main'),
      webhook: z.boolean().default(true),
    })
    .prefault({}),
});

export const metadataSchema = z.strictObject({
  name: dns1123Label,
  namespace: dns1123Label.optional(),
  labels: z.record(z.string(), z.string()).default({}),
});

export const specSchema = z
  .strictObject({
    dockerfile: z.string().min(1).optional(),
    image: z.string().min(1).optional(),
    buildContext: z.string().min(1).default('.'),
    requirements: z.array(z.string()).default([]),
    ports: z.array(portSchema).default([]),
    resources: resourcesSchema.prefault({}),
    scaling: scalingSchema.prefault({}),
    securityProfile: z
      .enum(SECURITY_PROFILES, { error: `must be one of ${SECURITY_PROFILES.join(', ')}` })
      .default('standard'),
    secretsRequired: z.array(dns1123Label).default([]),
    database: databaseSchema.optional(),
    components: componentsSchema.prefault({}),
  })
  .refine((s) => s.dockerfile !== undefined || s.image !== undefined, {
    message: 'either spec.dockerfile or spec.image is required',
    path: ['dockerfile'],
  })
  .refine((s) => new Set(s.ports.map((p) => p.port)).size === s.ports.length, {
    message: 'each port may be listed only once',
    path: ['ports'],
  });

export const appDeploymentSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
  kind: z.literal(KIND, { error: `must be "${KIND}"` }),
  metadata: metadataSchema,
  spec: specSchema,
});

/** What a user writes (defaults optional). */
export type AppDeploymentInput = z.input<typeof appDeploymentSchema>;
/** What the rest of the program sees: every default filled in. */
export type AppDeployment = z.output<typeof appDeploymentSchema>;
export type PortSpec = z.output<typeof portSchema>;
export type ResourcesSpec = z.output<typeof resourcesSchema>;
export type ScalingSpec = z.output<typeof scalingSchema>;
export type DatabaseSpec = z.output<typeof databaseSchema>;
export type ComponentsSpec = z.output<typeof componentsSchema>;
