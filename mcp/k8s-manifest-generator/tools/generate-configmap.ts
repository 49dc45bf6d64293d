import { z } from 'zod';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { appContextSchema, commonLabels, has } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output, type Finding } from '../../../src/manifests/result.js';
import { isHarmlessValue, isSecretName, looksLikeSecretValue } from '../../../src/secrets/patterns.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'generate_configmap',
  title: 'Generate the ConfigMap',
  description:
    "Create a ConfigMap with the app's non-secret settings: its port, log format, tracing endpoint, database host. Credentials never go here.",
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const data: Record<string, string> = { APP_NAME: app.name, LOG_FORMAT: 'json' };
    const reasons: string[] = [];
    if (app.ports[0]) data.PORT = String(app.ports[0].port);
    if (has(app, 'tracing') && app.monitoring?.traces) {
      data.OTEL_SERVICE_NAME = app.name;
      data.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${app.name}-otel-collector.${app.namespace}.svc:4317`;
      data.OTEL_TRACES_SAMPLER = 'parentbased_traceidratio';
      data.OTEL_TRACES_SAMPLER_ARG = '0.1';
      reasons.push("OpenTelemetry exporter points at the app's collector");
    }
    // The database's settings live in their own ConfigMap (generate_connection_secrets), read by the Deployment too.
    const db = has(app, 'database') ? databaseConnection(app) : undefined;
    if (db) reasons.push(`database settings in ConfigMap ${names.databaseConfig(app)}, not repeated here`);
    // Credentials never go here: a secret-named or secret-looking env entry is left out (named,
    // never shown) and belongs in a Secret from secretsRequired, which the Deployment reads by reference.
    const findings: Finding[] = [];
    for (const [key, value] of Object.entries(app.env)) {
      if ((isSecretName(key) && !isHarmlessValue(value)) || looksLikeSecretValue(value)) {
        findings.push({
          severity: 'warning',
          rule: 'configmap-secret-dropped',
          message: `env ${key} looks like a credential and was left out of the ConfigMap`,
          subject: `ConfigMap/${names.configMap(app)}`,
          fix: `put ${key} in a Secret named in spec.secretsRequired; the Deployment reads it with envFrom.secretRef`,
        });
      } else data[key] = value;
    }
    const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
    const cm = new ConfigMap({
      metadata: { name: names.configMap(app), namespace: app.namespace, labels: commonLabels(app) },
      data: sorted,
    });
    cm.validate();
    return output([{ path: FILES.configmap, objects: [cm.toJSON() as never] }], reasons, findings);
  },
});
