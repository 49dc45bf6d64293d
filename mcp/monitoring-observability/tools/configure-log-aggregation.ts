import { z } from 'zod';
import { appContextSchema, commonLabels, selectorLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'configure_log_aggregation',
  title: 'Configure log aggregation',
  description:
    "Log collection for the app's pods with the Logging Operator: a Flow that parses JSON logs and an Output to the cluster's log store, retained as long as the security profile requires.",
  input: z.object({
    app: appContextSchema,
    store: z.enum(['loki', 'elasticsearch']).default('loki'),
    endpoint: z.string().optional(),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, store, endpoint }) => {
    if (!app.monitoring?.logs) return output([], ['logs are off for this app (spec.components.monitoring.logs)']);
    const retention = readTemplateJson<{ profiles: Record<string, { logRetentionDays: number }> }>(
      'security-baselines.json',
    ).profiles[app.securityProfile].logRetentionDays;
    const meta = (name: string) => ({ name, namespace: app.namespace, labels: commonLabels(app) });
    const url =
      endpoint ?? (store === 'loki' ? 'http://loki-gateway.logging.svc' : 'https://elasticsearch.logging.svc:9200');
    const output_ =
      store === 'loki'
        ? { loki: { url, labels: { app: app.name, namespace: app.namespace }, configure_kubernetes_labels: true } }
        : {
            elasticsearch: {
              host: url.replace(/^https?:\/\//, '').split(':')[0],
              port: 9200,
              scheme: 'https',
              index_name: `${app.name}-logs`,
            },
          };
    const objects = [
      {
        apiVersion: 'logging.banzaicloud.io/v1beta1',
        kind: 'Output',
        metadata: meta(`${app.name}-logs`),
        spec: output_,
      },
      {
        apiVersion: 'logging.banzaicloud.io/v1beta1',
        kind: 'Flow',
        metadata: { ...meta(`${app.name}-logs`), annotations: { 'kaptainkube.dev/retention-days': String(retention) } },
        spec: {
          match: [{ select: { labels: selectorLabels(app) } }],
          filters: [{ parser: { remove_key_name_field: true, reserve_data: true, parse: { type: 'json' } } }],
          localOutputRefs: [`${app.name}-logs`],
        },
      },
    ];
    return output(
      [{ path: FILES.logging, objects: objects as never }],
      [`JSON logs from the app's pods to ${store}`, `retain ${retention} days (${app.securityProfile} profile)`],
    );
  },
});
