import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { buildIngress } from '../ingress.js';

export default defineTool({
  name: 'generate_nginx_ingress',
  title: 'Generate an NGINX Ingress',
  description:
    'Ingress for ingress-nginx (class nginx) with TLS redirect, gRPC backends and rate limiting through annotations.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const grpc = app.ports.some((p) => p.protocol === 'gRPC');
    const limit = app.ingress?.rateLimitPerMinute;
    const annotations: Record<string, string> = {
      'nginx.ingress.kubernetes.io/ssl-redirect': app.ingress?.tls ? 'true' : 'false',
      ...(grpc ? { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } : {}),
      ...(limit ? { 'nginx.ingress.kubernetes.io/limit-rpm': String(limit) } : {}),
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    };
    const ingress = buildIngress(
      app,
      app.ingress?.className === 'kong' ? 'nginx' : (app.ingress?.className ?? 'nginx'),
      annotations,
    );
    return output(
      [{ path: FILES.ingress, objects: [ingress.toJSON() as never] }],
      [
        `NGINX routes ${app.ingress!.host} to ${app.name}`,
        ...(limit ? [`limit-rpm ${limit} ← load in the requirements`] : []),
      ],
    );
  },
});
