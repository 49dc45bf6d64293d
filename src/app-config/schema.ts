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

// Kubernetes object syntax, checked here so a bad value is a FILE:LINE:COL at load time
// rather than an object the API server refuses later.
const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Annotation values may span lines (ingress snippets); every other control character is refused. */
const ANNOTATION_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Kubernetes stores replicas, ports and ids as int32. */
export const INT32_MAX = 2_147_483_647;
/** Far more replicas than any one app runs; catches typos of an extra digit or three. */
export const MAX_REPLICAS = 10_000;

/** A label or annotation key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 characters. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `key "${printable(key)}": the prefix before "/" must be a DNS-1123 subdomain (lower-case, at most 253 characters)`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `key "${printable(key)}": must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (an optional "prefix/" may come first)`;
  return undefined;
}

/** Shows a value in a message with control characters made visible. */
export function printable(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Labels: qualified-name keys, values of at most 63 characters (letters, digits, "-", "_", "."), possibly empty. */
const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `label ${bad}` });
    else if (value.length > 63 || (value !== '' && !QUALIFIED_NAME.test(value)))
      ctx.addIssue({ code: 'custom', path: [key], message: `label value "${printable(value)}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (no spaces or newlines)` });
  }
});

/** Annotations: qualified-name keys; values are free text (multi-line snippets are common) without other control characters, at most 256 KiB together as in Kubernetes. */
const annotationsSchema = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += key.length + value.length;
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `annotation ${bad}` });
    else if (ANNOTATION_CONTROL.test(value)) ctx.addIssue({ code: 'custom', path: [key], message: `annotation value "${printable(value)}" must not contain control characters other than newlines and tabs` });
  }
  if (total > 256 * 1024) ctx.addIssue({ code: 'custom', path: [], message: 'annotations may hold at most 256 KiB in total' });
});

/** An Ingress host: a DNS-1123 subdomain, optionally "*." first; not an IP address. */
const hostSchema = z.string().superRefine((host, ctx) => {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (CONTROL.test(host) || /\s/.test(host)) ctx.addIssue({ code: 'custom', message: `"${printable(host)}" must not contain spaces, newlines or control characters` });
  else if (host.length > 253 || !DNS1123_SUBDOMAIN.test(name) || name.split('.').some((l) => l.length > 63))
    ctx.addIssue({ code: 'custom', message: `"${printable(host)}" must be a DNS name (lower-case letters, digits, "-" and ".", labels of at most 63 characters), optionally starting with "*."` });
  else if (/^[0-9.]+$/.test(name)) ctx.addIssue({ code: 'custom', message: `"${host}" is an IP address; an Ingress host must be a DNS name` });
});

/** A string that ends up inside a manifest on one line (image, class name, branch …). */
const singleLine = (min = 0) => z.string().min(min).refine((v) => !CONTROL.test(v), { message: 'must be a single line without control characters' });

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
  path: singleLine().startsWith('/', 'must start with "/"').optional(),
  healthCheck: singleLine().startsWith('/', 'must start with "/"').optional(),
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
    minReplicas: z.number().int().min(1).max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`).default(1),
    maxReplicas: z.number().int().min(1).max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`).default(10),
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
  version: singleLine().optional(),
});

const toggle = { enabled: z.boolean().optional() };

export const componentsSchema = z.strictObject({
  ingress: z
    .strictObject({
      ...toggle,
      className: singleLine(1).default('kong'),
      tls: z.boolean().default(true),
      host: hostSchema.optional(),
      annotations: annotationsSchema.default({}),
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
      gitRepo: singleLine().optional(),
      branch: singleLine(1).default('main'),
      webhook: z.boolean().default(true),
    })
    .prefault({}),
});

export const metadataSchema = z.strictObject({
  name: dns1123Label,
  namespace: dns1123Label.optional(),
  labels: labelsSchema.default({}),
});

export const specSchema = z
  .strictObject({
    dockerfile: z.string().min(1).optional(),
    image: singleLine(1).optional(),
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
