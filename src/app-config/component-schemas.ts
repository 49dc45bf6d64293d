// spec.components: the switches and settings of each generated component (Ingress, service
// mesh, monitoring, autoscaling, CI/CD).
import { z } from 'zod';
import { annotationsSchema, hostSchema, singleLine } from './object-syntax.js';

const MTLS_MODES = ['strict', 'permissive', 'disabled'] as const;

export const componentsSchema = z.strictObject({
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
