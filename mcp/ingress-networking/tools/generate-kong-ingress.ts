import { z } from 'zod';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { buildIngress } from '../ingress.js';

export default defineTool({
  name: 'generate_kong_ingress',
  title: 'Generate a Kong Ingress',
  description:
    'Ingress for the Kong Ingress Controller (class kong) with TLS from cert-manager, and a KongPlugin for rate limiting when the requirements speak of load.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const grpc = app.ports.some((p) => p.protocol === 'gRPC');
    const limit = app.ingress?.rateLimitPerMinute;
    const plugin = `${app.name}-rate-limit`;
    const annotations: Record<string, string> = {
      'konghq.com/protocols': grpc ? 'grpc,grpcs' : app.ingress?.tls ? 'https' : 'http,https',
      'konghq.com/https-redirect-status-code': '308',
      'konghq.com/strip-path': 'false',
      ...(limit ? { 'konghq.com/plugins': plugin } : {}),
    };
    const ingress = buildIngress(app, app.ingress?.className ?? 'kong', annotations);
    const objects: Record<string, unknown>[] = [ingress.toJSON() as Record<string, unknown>];
    const reasons = [`Kong routes ${app.ingress!.host} to ${app.name}`];
    if (limit) {
      objects.push({
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongPlugin',
        metadata: { name: plugin, namespace: app.namespace, labels: commonLabels(app) },
        plugin: 'rate-limiting',
        config: { minute: limit, policy: 'local', limit_by: 'ip' },
      });
      reasons.push(`rate limiting at ${limit} requests per minute per client ← load in the requirements`);
    }
    return output([{ path: FILES.ingress, objects: objects as never }], reasons);
  },
});
