// The AppDeployment resource: one zod schema gives validation, defaults, the
// TypeScript types and the JSON Schema that editors use.
import { z } from 'zod';
import { INT32_MAX } from '../kube/int32.js';
import { SECURITY_PROFILES, DATABASE_TYPES, type SecurityProfile, type DatabaseType } from '../vocabulary.js';
import { QUANTITY } from './quantity.js';

export const API_VERSION = 'kaptainkube.dev/v1';
export const KIND = 'AppDeployment';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dns1123Label = z
  .string()
  .max(63, 'must be at most 63 characters (a DNS-1123 label)')
  .regex(
    DNS1123_LABEL,
    'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

export const quantity = (what: string) =>
  z
    .string()
    .regex(
      QUANTITY,
      `must be a Kubernetes quantity for ${what}, such as ${what === 'cpu' ? '"500m" or "2"' : '"512Mi" or "10Gi"'}`,
    );

// Kubernetes object syntax, checked here so a bad value is a FILE:LINE:COL at load time
// rather than an object the API server refuses later.
const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Annotation values may span lines (ingress snippets); every other control character is refused. */
const ANNOTATION_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Far more replicas than any one app runs; catches typos of an extra digit or three. */
const MAX_REPLICAS = 10_000;

/** A label or annotation key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return `key "${printable(key)}": the prefix before "/" must be a DNS-1123 subdomain (lower-case, at most 253 characters)`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name))
    return `key "${printable(key)}": must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (an optional "prefix/" may come first)`;
  return undefined;
}

/** Shows a value in a message with control characters made visible. */
function printable(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Labels: qualified-name keys, values of at most 63 characters (letters, digits, "-", "_", "."), possibly empty. */
const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `label ${bad}` });
    else if (value.length > 63 || (value !== '' && !QUALIFIED_NAME.test(value)))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `label value "${printable(value)}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (no spaces or newlines)`,
      });
  }
});

/** Annotations: qualified-name keys; values are free text (multi-line snippets are common) without other control characters, at most 256 KiB together as in Kubernetes. */
const annotationsSchema = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += key.length + value.length;
    const bad = qualifiedNameProblem(key);
    if (bad) ctx.addIssue({ code: 'custom', path: [key], message: `annotation ${bad}` });
    else if (ANNOTATION_CONTROL.test(value))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `annotation value "${printable(value)}" must not contain control characters other than newlines and tabs`,
      });
  }
  if (total > 256 * 1024)
    ctx.addIssue({ code: 'custom', path: [], message: 'annotations may hold at most 256 KiB in total' });
});

/** An Ingress host: a DNS-1123 subdomain, optionally "*." first; not an IP address. */
const hostSchema = z.string().superRefine((host, ctx) => {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (CONTROL.test(host) || /\s/.test(host))
    ctx.addIssue({
      code: 'custom',
      message: `"${printable(host)}" must not contain spaces, newlines or control characters`,
    });
  else if (host.length > 253 || !DNS1123_SUBDOMAIN.test(name) || name.split('.').some((l) => l.length > 63))
    ctx.addIssue({
      code: 'custom',
      message: `"${printable(host)}" must be a DNS name (lower-case letters, digits, "-" and ".", labels of at most 63 characters), optionally starting with "*."`,
    });
  else if (/^[0-9.]+$/.test(name))
    ctx.addIssue({ code: 'custom', message: `"${host}" is an IP address; an Ingress host must be a DNS name` });
});

/** A string that ends up inside a manifest on one line (image, class name, branch …). */
const singleLine = (min = 0) =>
  z
    .string()
    .min(min)
    .refine((v) => !CONTROL.test(v), { message: 'must be a single line without control characters' });

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'UDP', 'gRPC'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** Accepts any casing ("grpc", "Http") and normalises to the canonical spelling. */
const protocol = z.preprocess(
  (v) => (typeof v === 'string' ? (PROTOCOLS.find((p) => p.toLowerCase() === v.toLowerCase()) ?? v) : v),
  z.enum(PROTOCOLS, { error: `must be one of ${PROTOCOLS.join(', ')} (any case)` }),
);

const MTLS_MODES = ['strict', 'permissive', 'disabled'] as const;
type MtlsMode = (typeof MTLS_MODES)[number];

const percent = z.number().int().min(1).max(100);

const portSchema = z.strictObject({
  port: z
    .number()
    .int()
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .meta({ description: 'The container port the app listens on.', examples: [8080] }),
  protocol: protocol.default('HTTP').meta({
    description: `How clients talk to this port: ${PROTOCOLS.join(', ')} (any case). HTTP ports get an Ingress route and HTTP probes.`,
    examples: ['HTTP'],
  }),
  path: singleLine()
    .startsWith('/', 'must start with "/"')
    .optional()
    .meta({ description: 'The URL path prefix the Ingress routes to this port.', examples: ['/api'] }),
  healthCheck: singleLine()
    .startsWith('/', 'must start with "/"')
    .optional()
    .meta({ description: 'The HTTP path the readiness and liveness probes call.', examples: ['/healthz'] }),
  name: dns1123Label
    .max(15, 'port names are at most 15 characters')
    .optional()
    .meta({
      description: 'The port name in the Service and container (a DNS-1123 label of at most 15 characters).',
      examples: ['http'],
    }),
});

const resourcesSchema = z.strictObject({
  cpu: quantity('cpu')
    .optional()
    .meta({ description: 'CPU the container requests, as a Kubernetes quantity.', examples: ['500m'] }),
  memory: quantity('memory')
    .optional()
    .meta({
      description: 'Memory the container requests (and is limited to), as a Kubernetes quantity.',
      examples: ['512Mi'],
    }),
  storage: quantity('storage')
    .optional()
    .meta({
      description:
        "Persistent storage, as a Kubernetes quantity: the volume claim of a database, cache or broker image run as given (10Gi when absent). Other apps' writable paths are emptyDirs (an operator-run database's size is spec.database.size).",
      examples: ['10Gi'],
    }),
  gpu: z
    .number()
    .int()
    .min(0)
    .max(16)
    .optional()
    .meta({ description: 'Number of GPUs the container needs (0 to 16).', examples: [1] }),
});

const scalingSchema = z
  .strictObject({
    // No default: an absent value lets the requirements choose (3 for high availability),
    // a written one is the user's and is kept.
    minReplicas: z
      .number()
      .int()
      .min(0, 'must be 0 or more (0 lets an event-driven worker scale to zero)')
      .max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`)
      .optional()
      .meta({
        description:
          'The fewest replicas the autoscaler keeps running; 1 when absent (more when the requirements ask for availability). 0 lets a queue worker scaled by KEDA stop when idle.',
        examples: [2],
      }),
    maxReplicas: z
      .number()
      .int()
      .min(1)
      .max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`)
      .default(10)
      .meta({ description: 'The most replicas the autoscaler may start.', examples: [10] }),
    targetCPU: percent
      .default(80)
      .meta({ description: 'Average CPU use, in percent of the request, the autoscaler aims for.', examples: [70] }),
    targetMemory: percent
      .optional()
      .meta({ description: 'Average memory use, in percent of the request, the autoscaler aims for.', examples: [80] }),
    predictive: z
      .boolean()
      .optional()
      .describe('Scale ahead of load with a predictive (KEDA) scaler as well as on CPU.'),
  })
  .refine((s) => (s.minReplicas ?? 1) <= s.maxReplicas, {
    message: 'minReplicas must not be greater than maxReplicas',
    path: ['minReplicas'],
  });

const databaseSchema = z.strictObject({
  type: z.enum(DATABASE_TYPES, { error: `must be one of ${DATABASE_TYPES.join(', ')}` }).meta({
    description: 'The database engine; an operator-managed instance is generated for it.',
    examples: ['postgresql'],
  }),
  size: quantity('storage')
    .default('10Gi')
    .meta({ description: 'Storage for the database volume, as a Kubernetes quantity.', examples: ['20Gi'] }),
  backup: z.boolean().default(true).describe('Schedule backups of the database.'),
  version: singleLine()
    .optional()
    .meta({ description: 'The database engine version.', examples: ['16'] }),
});

const componentsSchema = z.strictObject({
  ingress: z
    .strictObject({
      enabled: z
        .boolean()
        .optional()
        .describe('Generate an Ingress; by default one is generated when a port speaks HTTP or HTTPS.'),
      className: singleLine(1)
        .default('kong')
        .meta({ description: 'The IngressClass that serves the route.', examples: ['kong', 'nginx'] }),
      tls: z.boolean().default(true).describe('Serve the host over TLS with a cert-manager certificate.'),
      host: hostSchema.optional().meta({
        description: 'The DNS name the Ingress answers on, optionally starting with "*.".',
        examples: ['api.example.com'],
      }),
      annotations: annotationsSchema.default({}).describe('Extra annotations for the Ingress object.'),
      acmeEmail: singleLine()
        .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address such as ops@example.com')
        .optional()
        .meta({
          description:
            "The contact address of the Let's Encrypt (ACME) account that issues the TLS certificate; expiry and policy notices go there.",
          examples: ['ops@example.com'],
        }),
    })
    .prefault({})
    .describe('External HTTP(S) access through an Ingress.'),
  serviceMesh: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Put the app in the Istio service mesh.'),
      mTLS: z
        .enum(MTLS_MODES, { error: `must be one of ${MTLS_MODES.join(', ')}` })
        .default('strict')
        .describe('Mutual TLS between workloads in the mesh.'),
    })
    .prefault({})
    .describe('Istio service mesh settings.'),
  monitoring: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Generate monitoring resources at all.'),
      metrics: z
        .boolean()
        .default(true)
        .describe('Scrape Prometheus metrics (ServiceMonitor, alert rules, dashboard).'),
      traces: z.boolean().default(true).describe('Collect distributed traces (Jaeger).'),
      logs: z.boolean().default(true).describe('Ship container logs to an aggregator.'),
      runbookBaseUrl: singleLine()
        .regex(
          /^https?:\/\/[^\s/?#]+[^\s#]*$/,
          'must be an http(s) URL without a "#" fragment (each alert adds its own anchor)',
        )
        .optional()
        .meta({
          description:
            'Where the alert runbooks live; each alert links to this URL with its own anchor (#pod-restarting). Alerts carry no runbook link when absent.',
          examples: ['https://runbooks.example.com/orders-api'],
        }),
      metricsPort: z
        .number()
        .int()
        .min(1, 'must be between 1 and 65535')
        .max(65535, 'must be between 1 and 65535')
        .optional()
        .meta({
          description:
            'The container port that serves Prometheus metrics over plain HTTP. A ServiceMonitor is generated only for a known metrics endpoint: this field, or a metrics library the build copies in.',
          examples: [9464],
        }),
      metricsPath: singleLine()
        .startsWith('/', 'must start with "/"')
        .optional()
        .meta({
          description:
            'The HTTP path of the metrics endpoint; the metrics library\'s own path, or "/metrics", when absent.',
          examples: ['/metrics'],
        }),
    })
    .prefault({})
    .describe('Metrics, traces and logs.'),
  autoscaling: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Generate a HorizontalPodAutoscaler from spec.scaling.'),
      predictive: z.boolean().default(false).describe('Add a KEDA scaler that scales ahead of load.'),
    })
    .prefault({})
    .describe('Horizontal autoscaling.'),
  cicd: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Generate a Tekton pipeline and an Argo CD Application.'),
      gitRepo: singleLine()
        .optional()
        .meta({
          description: 'The Git repository Argo CD syncs from.',
          examples: ['https://github.com/example/app.git'],
        }),
      branch: singleLine(1)
        .default('main')
        .meta({ description: 'The branch Argo CD tracks.', examples: ['main'] }),
      webhook: z.boolean().default(true).describe('Trigger the pipeline from a Git webhook.'),
    })
    .prefault({})
    .describe('Build pipeline and GitOps delivery.'),
});

const metadataSchema = z
  .strictObject({
    name: dns1123Label.meta({
      description: 'The app name: names every generated object (a DNS-1123 label).',
      examples: ['orders-api'],
    }),
    namespace: dns1123Label
      .optional()
      .meta({ description: 'The namespace the app deploys to; the app name when absent.', examples: ['shop'] }),
    labels: labelsSchema.default({}).describe('Labels added to every generated object.'),
  })
  .describe('Who the app is: its name, namespace and labels.');

const specSchema = z
  .strictObject({
    dockerfile: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Path to the Dockerfile, relative to this file. One of dockerfile or image is required.',
        examples: ['./Dockerfile'],
      }),
    image: singleLine(1)
      .optional()
      .meta({
        description: 'The container image to run, when there is no Dockerfile or the image is already built.',
        examples: ['ghcr.io/example/app:1.2.0'],
      }),
    buildContext: z.string().min(1).default('.').describe('The docker build context, relative to this file.'),
    /** The Dockerfile stage the image is built from (`docker build --target`); the last stage when absent. */
    buildTarget: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, {
        error: 'must be a stage name from the Dockerfile (letters, digits, "_", "." and "-")',
      })
      .max(128)
      .optional()
      .meta({
        description:
          'The Dockerfile stage the image is built from (docker build --target); the last stage when absent.',
        examples: ['runtime'],
      }),
    /** The uid and gid the pod runs as, when the image's USER is a name nothing resolves. */
    runAsUser: z
      .number()
      .int()
      .min(1, { error: 'must be a non-root uid (1 or more)' })
      .max(INT32_MAX)
      .optional()
      .meta({
        description: 'The non-root uid the pod runs as, when the image USER is a name nothing resolves.',
        examples: [10001],
      }),
    runAsGroup: z
      .number()
      .int()
      .min(1, { error: 'must be a gid of 1 or more' })
      .max(INT32_MAX)
      .optional()
      .meta({ description: 'The gid the pod runs as.', examples: [10001] }),
    requirements: z
      .array(z.string())
      .default([])
      .meta({
        description:
          'What the app needs in plain words ("high-availability", "pci-compliance" …); each one switches on the matching components.',
        examples: [['high-availability', 'zero-downtime']],
      }),
    ports: z.array(portSchema).default([]).describe('The ports the app listens on; each port may be listed once.'),
    resources: resourcesSchema.prefault({}).describe('Compute and storage the container requests.'),
    scaling: scalingSchema.prefault({}).describe('Replica bounds and autoscaling targets.'),
    securityProfile: z
      .enum(SECURITY_PROFILES, { error: `must be one of ${SECURITY_PROFILES.join(', ')}` })
      .default('standard')
      .describe(
        `The security baseline: ${SECURITY_PROFILES.join(', ')}. Stricter profiles add network policies and compliance checks.`,
      ),
    secretsRequired: z
      .array(dns1123Label)
      .default([])
      .meta({
        description: 'Names of Secrets the app reads; they are referenced, never generated with values.',
        examples: [['db-credentials']],
      }),
    database: databaseSchema.optional().describe('A database the app needs, run by an operator next to it.'),
    connectsTo: z
      .array(dns1123Label)
      .optional()
      .meta({
        description:
          'Other apps of the same system this app calls (metadata.name of their configs). Deployed together, each app accepts traffic only from the apps that list it; a single deploy ignores the field.',
        examples: [['api']],
      }),
    components: componentsSchema.prefault({}).describe('Switches and settings for each generated component.'),
  })
  .refine((s) => s.dockerfile !== undefined || s.image !== undefined, {
    message: 'either spec.dockerfile or spec.image is required',
    path: ['dockerfile'],
  })
  .refine((s) => new Set(s.ports.map((p) => p.port)).size === s.ports.length, {
    message: 'each port may be listed only once',
    path: ['ports'],
  })
  .superRefine((s, ctx) => {
    // Prometheus scrapes plain HTTP: a metrics port that speaks gRPC or UDP would fail every scrape.
    const port = s.components.monitoring.metricsPort;
    const listed = s.ports.find((p) => p.port === port);
    if (listed && (listed.protocol === 'gRPC' || listed.protocol === 'UDP'))
      ctx.addIssue({
        code: 'custom',
        path: ['components', 'monitoring', 'metricsPort'],
        message: `port ${port} speaks ${listed.protocol}, but Prometheus scrapes metrics over plain HTTP: name the port that serves them over HTTP`,
      });
  });

export const appDeploymentSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }).describe(`Always "${API_VERSION}".`),
  kind: z.literal(KIND, { error: `must be "${KIND}"` }).describe(`Always "${KIND}".`),
  metadata: metadataSchema,
  spec: specSchema.describe('What to deploy and what it needs in production.'),
});

/** What a user writes (defaults optional). */
export type AppDeploymentInput = z.input<typeof appDeploymentSchema>;
/** What the rest of the program sees: every default filled in. */
export type AppDeployment = z.output<typeof appDeploymentSchema>;
export type PortSpec = z.output<typeof portSchema>;
type ResourcesSpec = z.output<typeof resourcesSchema>;
type ScalingSpec = z.output<typeof scalingSchema>;
type DatabaseSpec = z.output<typeof databaseSchema>;
type ComponentsSpec = z.output<typeof componentsSchema>;
