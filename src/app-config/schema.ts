// The AppDeployment resource: one zod schema gives validation, defaults, the
// TypeScript types and the JSON Schema that editors use.
import { z } from 'zod';
import { INT32_MAX } from '../kube/int32.js';
import { SECURITY_PROFILES } from '../vocabulary.js';
import { componentsSchema } from './component-schemas.js';
import { dns1123Label, labelsSchema, singleLine } from './object-syntax.js';
import { databaseSchema, portSchema, resourcesSchema, scalingSchema } from './spec-sections.js';

export { dns1123Label, quantity } from './object-syntax.js';
export { PROTOCOLS } from './spec-sections.js';

export const API_VERSION = 'kaptainkube.dev/v1';
export const KIND = 'AppDeployment';

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
