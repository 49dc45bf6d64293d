import { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { appContextSchema, commonLabels, has } from '../../shared/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../shared/names.js';
import { generatorOutputSchema, output } from '../../shared/result.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_configmap',
  title: 'Generate the ConfigMap',
  description: 'Create a ConfigMap with the app\'s non-secret settings: its port, log format, tracing endpoint, database host. Credentials never go here.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  run: ({ app }) => {
    const data: Record<string, string> = { APP_NAME: app.name, LOG_FORMAT: 'json' };
    const reasons: string[] = [];
    if (app.ports[0]) data.PORT = String(app.ports[0].port);
    if (has(app, 'tracing') && app.monitoring?.traces) {
      data.OTEL_SERVICE_NAME = app.name;
      data.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${app.name}-otel-collector.${app.namespace}.svc:4317`;
      data.OTEL_TRACES_SAMPLER = 'parentbased_traceidratio';
      data.OTEL_TRACES_SAMPLER_ARG = '0.1';
      reasons.push('OpenTelemetry exporter points at the app\'s collector');
    }
    const db = has(app, 'database') ? databaseConnection(app) : undefined;
    if (db) {
      Object.assign(data, { DB_HOST: db.host, DB_PORT: String(db.port), DB_NAME: db.database });
      reasons.push(`database host ${db.host}:${db.port}; credentials come from a Secret, not from here`);
    }
    Object.assign(data, app.env);
    const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
    const cm = new ConfigMap({ metadata: { name: names.configMap(app), namespace: app.namespace, labels: commonLabels(app) }, data: sorted });
    cm.validate();
    return output([{ path: FILES.configmap, objects: [cm.toJSON() as never] }], reasons);
  },
});
