import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { WORLD_CHANGING } from '../../shared/annotations.js';
import { defineTool, ToolError } from '../../shared/tool.js';

function cores(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

function gib(q: string): number {
  const m = /^([\d.]+)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return 0;
  const f = { Ki: 1 / 1048576, Mi: 1 / 1024, Gi: 1, Ti: 1024 }[m[2] as 'Ki'] ?? 1 / 1073741824;
  return Number(m[1]) * f;
}

export default defineTool({
  name: 'configure_cluster_autoscaler',
  title: 'Configure the cluster autoscaler',
  description:
    'Cluster-level scaling settings for the app: node group bounds sized from max replicas × requests, scale-down thresholds, expander, and a GPU node group when needed. With dryRun (the default) it returns the settings as data; applying them needs a cluster connection.',
  input: z.object({
    app: appContextSchema,
    nodeCpu: z.number().min(1).default(4),
    nodeMemoryGi: z.number().min(1).default(16),
    dryRun: z.boolean().default(true),
  }),
  output: z.object({
    dryRun: z.boolean(),
    nodeGroups: z.array(
      z.object({
        name: z.string(),
        minSize: z.number().int(),
        maxSize: z.number().int(),
        instanceShape: z.string(),
        labels: z.record(z.string(), z.string()),
        taints: z.array(z.string()),
      }),
    ),
    flags: z.record(z.string(), z.string()),
    reasons: z.array(z.string()),
  }),
  annotations: WORLD_CHANGING,
  run: ({ app, nodeCpu, nodeMemoryGi, dryRun }) => {
    if (!dryRun)
      throw new ToolError(
        'applying cluster-autoscaler settings needs a cluster connection, which this build does not have; nothing was changed. Call with dryRun: true for the settings.',
      );
    const max = app.scaling.maxReplicas;
    const perNodeByCpu = Math.floor(nodeCpu / Math.max(0.01, cores(app.resources.cpu)));
    const perNodeByMem = Math.floor(nodeMemoryGi / Math.max(0.01, gib(app.resources.memory)));
    const perNode = Math.max(1, Math.min(perNodeByCpu, perNodeByMem));
    const gpu = app.resources.gpu > 0;
    const maxNodes = gpu ? max * app.resources.gpu : Math.ceil(max / perNode);
    const groups: {
      name: string;
      minSize: number;
      maxSize: number;
      instanceShape: string;
      labels: Record<string, string>;
      taints: string[];
    }[] = [
      gpu
        ? {
            name: `${app.name}-gpu`,
            minSize: 0,
            maxSize: maxNodes,
            instanceShape: `${app.resources.gpu}× NVIDIA GPU node`,
            labels: { 'nvidia.com/gpu.present': 'true' },
            taints: ['nvidia.com/gpu=present:NoSchedule'],
          }
        : {
            name: `${app.name}-general`,
            minSize: Math.max(1, Math.ceil(app.scaling.minReplicas / perNode)),
            maxSize: Math.max(1, maxNodes),
            instanceShape: `${nodeCpu} vCPU / ${nodeMemoryGi} GiB`,
            labels: {},
            taints: [],
          },
    ];
    return {
      dryRun,
      nodeGroups: groups,
      flags: {
        expander: gpu ? 'priority' : 'least-waste',
        'scale-down-utilization-threshold': '0.5',
        'scale-down-unneeded-time': '10m',
        'balance-similar-node-groups': 'true',
        'skip-nodes-with-local-storage': 'false',
      },
      reasons: [
        gpu
          ? `one GPU node per replica (${app.resources.gpu} GPU each), scale from zero`
          : `${perNode} pods fit a ${nodeCpu} vCPU / ${nodeMemoryGi} GiB node, so ${max} replicas need at most ${maxNodes} nodes`,
      ],
    };
  },
});
