import { z } from 'zod';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { appContextSchema, commonLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { cores, gib } from '../pricing.js';

const fmtCpu = (c: number) => `${Math.ceil(c * 1000)}m`;
const fmtMem = (g: number) => `${Math.ceil(g * 1024)}Mi`;

export default defineTool({
  name: 'configure_resource_quotas',
  title: 'Configure resource quotas',
  description:
    "A ResourceQuota for the app's namespace sized to its maximum replicas plus headroom (CPU, memory, pods, GPUs, storage) and a LimitRange with container defaults, so nothing in the namespace runs unbounded.",
  input: z.object({ app: appContextSchema, headroom: z.number().min(1).max(3).default(1.5) }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, headroom }) => {
    const pods = app.scaling.maxReplicas;
    const cpu = cores(app.resources.cpu) * pods * headroom + 2;
    const mem = gib(app.resources.memory) * pods * headroom + 4;
    const memLimit = gib(app.resources.memoryLimit) * pods * headroom + 8;
    const hard: Record<string, string> = {
      'requests.cpu': fmtCpu(cpu),
      'requests.memory': fmtMem(mem),
      'limits.memory': fmtMem(memLimit),
      pods: String(Math.ceil(pods * headroom) + 10),
    };
    if (app.resources.gpu > 0) hard['requests.nvidia.com/gpu'] = String(app.resources.gpu * pods);
    if (app.database) {
      hard['requests.storage'] = fmtMem(gib(app.database.size) * app.database.instances * 1.5 + 10);
      hard.persistentvolumeclaims = String(app.database.instances * 2 + 4);
    }
    const meta = { name: `${app.name}-quota`, namespace: app.namespace, labels: commonLabels(app) };
    const quota = new ResourceQuota({ metadata: meta, spec: { hard } });
    const limits = new LimitRange({
      metadata: { ...meta, name: `${app.name}-limits` },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { memory: '256Mi' },
            max: { memory: fmtMem(Math.max(gib(app.resources.memoryLimit) * 2, 1)) },
          },
        ],
      },
    });
    quota.validate();
    limits.validate();
    return output(
      [{ path: FILES.namespace, objects: [quota.toJSON() as never, limits.toJSON() as never] }],
      [
        `quota for ${pods} replicas × ${headroom} headroom: ${hard['requests.cpu']} CPU, ${hard['requests.memory']} memory${app.resources.gpu ? `, ${hard['requests.nvidia.com/gpu']} GPUs` : ''}`,
        'LimitRange defaults give unlabelled containers requests and a memory limit',
      ],
    );
  },
});
