import { z } from 'zod';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { appContextSchema, commonLabels, has } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { serviceHost } from './generate-virtual-service.js';

export default defineTool({
  name: 'generate_destination_rule',
  title: 'Generate an Istio DestinationRule',
  description:
    'Traffic policy for the app: connection pool limits, outlier detection (circuit breaking), ISTIO_MUTUAL TLS, and stable/canary subsets for progressive delivery.',
  input: z.object({
    app: appContextSchema,
    maxConnections: z.number().int().min(1).default(100),
    consecutive5xxErrors: z.number().int().min(1).default(5),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, maxConnections, consecutive5xxErrors }) => {
    if (app.ports.length === 0) throw new ToolError('the app has no ports; there is no traffic to shape');
    const mtls = app.mesh?.mTLS !== 'disabled';
    const dr = new DestinationRule({
      metadata: { name: app.name, namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        host: serviceHost(app),
        trafficPolicy: {
          ...(mtls ? { tls: { mode: 'ISTIO_MUTUAL' } } : {}),
          connectionPool: {
            tcp: { maxConnections, connectTimeout: '3s' },
            http: {
              http2MaxRequests: maxConnections * 10,
              maxRequestsPerConnection: 100,
              http1MaxPendingRequests: maxConnections,
            },
          },
          outlierDetection: { consecutive5xxErrors, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        },
        ...(has(app, 'rollout')
          ? {
              subsets: [
                { name: 'stable', labels: {} },
                { name: 'canary', labels: {} },
              ],
            }
          : {}),
      },
    });
    dr.validate();
    return output(
      [{ path: FILES.destinationRule, objects: [dr.toJSON() as never] }],
      [
        `circuit breaking: eject a pod after ${consecutive5xxErrors} consecutive 5xx for 30s, at most half the pods`,
        `connection pool of ${maxConnections}`,
        ...(mtls ? ['ISTIO_MUTUAL TLS to the pods'] : []),
      ],
    );
  },
});
