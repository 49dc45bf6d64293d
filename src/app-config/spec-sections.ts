// The sections of spec that describe the workload itself: its ports, the resources it
// requests, how far it scales, and the database it needs.
import { z } from 'zod';
import { DATABASE_TYPES } from '../vocabulary.js';
import { dns1123Label, quantity, singleLine } from './object-syntax.js';

/** Far more replicas than any one app runs; catches typos of an extra digit or three. */
const MAX_REPLICAS = 10_000;

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'UDP', 'gRPC'] as const;

/** Accepts any casing ("grpc", "Http") and normalises to the canonical spelling. */
const protocol = z.preprocess(
  (v) => (typeof v === 'string' ? (PROTOCOLS.find((p) => p.toLowerCase() === v.toLowerCase()) ?? v) : v),
  z.enum(PROTOCOLS, { error: `must be one of ${PROTOCOLS.join(', ')} (any case)` }),
);

const percent = z.number().int().min(1).max(100);

export const portSchema = z.strictObject({
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

export const resourcesSchema = z.strictObject({
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

export const scalingSchema = z
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

export const databaseSchema = z.strictObject({
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
