import { z } from 'zod';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { appContextSchema, commonLabels, has, servesHttp, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool, ToolError } from '../../shared/tool.js';

export function serviceHost(app: AppContext): string {
  return `${names.service(app)}.${app.namespace}.svc.cluster.local`;
}

export default defineTool({
  name: 'generate_virtual_service',
  title: 'Generate an Istio VirtualService',
  description:
    "Routes for the app's Service in the mesh with timeouts and retries per protocol; with a canary rollout, weighted stable/canary routes the rollout adjusts; bound to the mesh gateway when the app is exposed through it.",
  input: z.object({
    app: appContextSchema,
    timeout: z
      .string()
      .regex(/^\d+(ms|s)$/)
      .default('15s'),
    attempts: z.number().int().min(0).max(10).default(3),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, timeout, attempts }) => {
    if (app.ports.length === 0) throw new ToolError('the app has no ports; there is nothing to route');
    if (!app.ports.some(servesHttp))
      throw new ToolError(
        'the app serves only TCP or UDP ports; a VirtualService routes HTTP and gRPC, so it would match none of its traffic',
      );
    const grpc = app.appType === 'grpc';
    const host = serviceHost(app);
    const canary = has(app, 'rollout');
    const gateway = app.ingress?.className === 'istio' && app.ingress;
    const route = canary
      ? [
          { destination: { host, subset: 'stable' }, weight: 100 },
          { destination: { host, subset: 'canary' }, weight: 0 },
        ]
      : [{ destination: { host } }];
    const vs = new VirtualService({
      metadata: { name: app.name, namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        hosts: gateway ? [host, gateway.host] : [host],
        ...(gateway ? { gateways: ['mesh', names.gateway(app)] } : {}),
        http: [
          {
            name: 'primary',
            route,
            timeout,
            retries: {
              attempts,
              perTryTimeout: grpc ? '3s' : '5s',
              retryOn: grpc
                ? 'cancelled,deadline-exceeded,unavailable,resource-exhausted'
                : '5xx,reset,connect-failure,refused-stream',
            },
          },
        ],
      },
    });
    vs.validate();
    return output(
      [{ path: FILES.virtualService, objects: [vs.toJSON() as never] }],
      [
        `${attempts} retries on ${grpc ? 'gRPC unavailable/deadline' : '5xx and resets'}, ${timeout} timeout`,
        ...(canary ? ['stable/canary routes for the Argo Rollout to weight'] : []),
      ],
    );
  },
});
