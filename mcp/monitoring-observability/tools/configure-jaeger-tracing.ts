import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { autoInstrumentation } from '../../../src/plan/tracing.js';

export default defineTool({
  name: 'configure_jaeger_tracing',
  title: 'Configure distributed tracing',
  description:
    "Distributed tracing with OpenTelemetry: a collector that receives OTLP and exports to a Jaeger backend, an Instrumentation for the app's language with a sampling ratio, and the Jaeger instance itself.",
  input: z.object({
    app: appContextSchema,
    samplingRatio: z.number().min(0).max(1).default(0.1),
    storage: z.enum(['memory', 'elasticsearch', 'badger']).default('badger'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, samplingRatio, storage }) => {
    if (!app.monitoring?.traces) return output([], ['tracing is off for this app (spec.components.monitoring.traces)']);
    const meta = (name: string) => ({ name, namespace: app.namespace, labels: commonLabels(app) });
    const jaeger = `${app.name}-jaeger`;
    const objects: Record<string, unknown>[] = [
      {
        apiVersion: 'jaegertracing.io/v1',
        kind: 'Jaeger',
        metadata: meta(jaeger),
        // Memory and badger live inside one all-in-one pod; the production strategy (separate collector and
        // query) needs a shared store, Elasticsearch.
        spec: { strategy: storage === 'elasticsearch' ? 'production' : 'allInOne', storage: { type: storage } },
      },
      {
        apiVersion: 'opentelemetry.io/v1beta1',
        kind: 'OpenTelemetryCollector',
        metadata: meta(`${app.name}-otel`),
        spec: {
          mode: 'deployment',
          config: {
            receivers: {
              otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
            },
            processors: {
              batch: {},
              memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
            },
            exporters: {
              'otlp/jaeger': { endpoint: `${jaeger}-collector.${app.namespace}.svc:4317`, tls: { insecure: true } },
            },
            service: {
              pipelines: {
                traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp/jaeger'] },
              },
            },
          },
        },
      },
    ];
    // Only with the Deployment's inject annotation (src/plan/tracing.ts): an Instrumentation no pod opts into does nothing.
    const lang = autoInstrumentation(app);
    if (lang) {
      objects.push({
        apiVersion: 'opentelemetry.io/v1alpha1',
        kind: 'Instrumentation',
        metadata: meta(app.name),
        spec: {
          exporter: { endpoint: `http://${app.name}-otel-collector.${app.namespace}.svc:4318` },
          propagators: ['tracecontext', 'baggage'],
          sampler: { type: 'parentbased_traceidratio', argument: String(samplingRatio) },
        },
      });
    }
    return output(
      [{ path: FILES.tracing, objects: objects as never }],
      [
        `OTLP → collector → Jaeger (${storage})`,
        lang
          ? `auto-instrumentation for ${lang}, sampling ${samplingRatio * 100}%`
          : `no auto-instrumentation for ${app.language}; the app exports OTLP itself`,
      ],
    );
  },
});
