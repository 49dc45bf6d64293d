import { z } from 'zod';
import { Service } from 'kubernetes-models/v1/Service';
import { appContextSchema, commonLabels, selectorLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

const CLOUD_ANNOTATIONS: Record<string, Record<string, string>> = {
  aws: {
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
  },
  gcp: { 'cloud.google.com/l4-rbs': 'enabled' },
  azure: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/' },
  none: {},
};

export default defineTool({
  name: 'configure_load_balancer',
  title: 'Configure a load balancer',
  description:
    'A LoadBalancer Service for the TCP and UDP ports that must be reachable from outside the cluster (HTTP ports go through the Ingress), with cloud-specific annotations, externalTrafficPolicy Local and optional source ranges.',
  input: z.object({
    app: appContextSchema,
    cloud: z.enum(['aws', 'gcp', 'azure', 'none']).default('none'),
    sourceRanges: z.array(z.string()).default([]),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, cloud, sourceRanges }) => {
    const ports = app.ports.filter((p) => p.protocol === 'TCP' || p.protocol === 'UDP');
    if (ports.length === 0)
      return output([], ['every port is HTTP, HTTPS or gRPC: the Ingress exposes them, no load balancer needed']);
    const svc = new Service({
      metadata: {
        name: `${app.name}-lb`,
        namespace: app.namespace,
        labels: commonLabels(app),
        annotations: CLOUD_ANNOTATIONS[cloud],
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: selectorLabels(app),
        ports: ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.name,
          protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP',
        })),
        ...(sourceRanges.length ? { loadBalancerSourceRanges: sourceRanges } : {}),
      },
    });
    svc.validate();
    return output(
      [{ path: FILES.service, objects: [svc.toJSON() as never] }],
      [
        `LoadBalancer for ${ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}; externalTrafficPolicy Local keeps client addresses`,
      ],
    );
  },
});
