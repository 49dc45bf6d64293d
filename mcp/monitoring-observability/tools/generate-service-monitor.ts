import { z } from 'zod';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { appContextSchema, commonLabels, selectorLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { separateMetricsPort } from '../../../src/plan/metrics.js';

export default defineTool({
  name: 'generate_service_monitor',
  title: 'Generate a ServiceMonitor',
  description:
    "A Prometheus Operator ServiceMonitor that scrapes the app's Service on a named port and metrics path every 30 seconds.",
  input: z.object({
    app: appContextSchema,
    interval: z
      .string()
      .regex(/^\d+[sm]$/)
      .default('30s'),
    release: z.string().default('kube-prometheus-stack'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, interval, release }) => {
    // Prometheus scrapes plain HTTP: a gRPC (HTTP/2-only) or UDP port would fail every scrape.
    const metrics = separateMetricsPort(app);
    const scrapable = [...app.ports, ...(metrics ? [metrics] : [])].filter(
      (p) => p.protocol !== 'UDP' && p.protocol !== 'gRPC',
    );
    // Only the port the plan knows serves metrics: scraping any other fails every time.
    const port = scrapable.find((p) => p.port === app.monitoring?.metricsPort);
    // Nothing Prometheus can scrape: no ServiceMonitor, and that is not a failure.
    if (!port)
      return output(
        [],
        [],
        [
          {
            severity: 'info',
            rule: 'servicemonitor-none',
            message:
              app.monitoring?.metricsPort !== undefined
                ? `port ${app.monitoring.metricsPort} is not a plain HTTP port of the app, so Prometheus cannot scrape it`
                : 'the app serves no known metrics endpoint, so it gets no ServiceMonitor; set spec.components.monitoring.metricsPort if it serves one',
            subject: `Deployment/${app.name}`,
          },
        ],
      );
    const sm = new ServiceMonitor({
      metadata: { name: app.name, namespace: app.namespace, labels: { ...commonLabels(app), release } },
      spec: {
        selector: { matchLabels: selectorLabels(app) },
        namespaceSelector: { matchNames: [app.namespace] },
        endpoints: [
          { port: port.name, path: app.monitoring?.metricsPath ?? '/metrics', interval, scrapeTimeout: '10s' },
        ],
      },
    });
    sm.validate();
    return output(
      [{ path: FILES.serviceMonitor, objects: [sm.toJSON() as never] }],
      [
        `scrape port ${port.name} (${port.port}) at ${app.monitoring?.metricsPath ?? '/metrics'} every ${interval}`,
        `label release=${release} so the Prometheus instance selects it`,
      ],
    );
  },
});
