import { z } from 'zod';
import { Service } from 'kubernetes-models/v1/Service';
import { appContextSchema, commonLabels, selectorLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { separateMetricsPort } from '../../../src/plan/metrics.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';

const APP_PROTOCOL: Record<string, string> = { HTTP: 'http', HTTPS: 'https', gRPC: 'grpc', TCP: 'tcp', UDP: 'udp' };

export default defineTool({
  name: 'generate_service',
  title: 'Generate the Service',
  description:
    "Create a ClusterIP Service for the app's ports: selector on the pod labels, target ports by container port name, appProtocol for the mesh and ingress.",
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const metrics = separateMetricsPort(app);
    const ports = metrics ? [...app.ports, metrics] : app.ports;
    if (ports.length === 0)
      return output(
        [],
        [],
        [
          {
            severity: 'info',
            rule: 'service-none',
            message: 'the app serves no ports, so it gets no Service',
            subject: `Deployment/${app.name}`,
          },
        ],
      );
    const svc = new Service({
      metadata: { name: names.service(app), namespace: app.namespace, labels: commonLabels(app) },
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(app),
        // The API server refuses a port listed twice with the same L4 protocol: the first one wins.
        ports: ports
          .filter(
            (p, i) =>
              ports.findIndex((q) => q.port === p.port && (q.protocol === 'UDP') === (p.protocol === 'UDP')) === i,
          )
          .map((p) => ({
            name: p.name,
            port: p.port,
            targetPort: p.name,
            protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP',
            appProtocol: APP_PROTOCOL[p.protocol],
          })),
      },
    });
    svc.validate();
    return output(
      [{ path: FILES.service, objects: [svc.toJSON() as never] }],
      [`ports ${ports.map((p) => `${p.name}:${p.port}`).join(', ')}, targeted by name`],
    );
  },
});
