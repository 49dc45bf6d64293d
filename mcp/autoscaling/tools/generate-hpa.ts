import { z } from 'zod';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { appContextSchema, commonLabels, has, selectorLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { scaleTarget } from '../target.js';

export default defineTool({
  name: 'generate_hpa',
  title: 'Generate a HorizontalPodAutoscaler',
  description:
    'An autoscaling/v2 HPA on CPU (and memory when targetMemory is set) between minReplicas and maxReplicas, targeting the Rollout when progressive delivery runs the pods, with a stable scale-down; plus a PodDisruptionBudget when more than one replica must stay up.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const s = app.scaling;
    const meta = { name: app.name, namespace: app.namespace, labels: commonLabels(app) };
    const objects: { validate(): void; toJSON(): unknown }[] = [];
    const reasons: string[] = [];
    if (has(app, 'hpa') && !has(app, 'keda')) {
      const target = scaleTarget(app);
      objects.push(
        new HorizontalPodAutoscaler({
          metadata: meta,
          spec: {
            scaleTargetRef: target,
            minReplicas: s.minReplicas,
            maxReplicas: s.maxReplicas,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.targetCPU } },
              },
              ...(s.targetMemory
                ? [
                    {
                      type: 'Resource' as const,
                      resource: {
                        name: 'memory',
                        target: { type: 'Utilization' as const, averageUtilization: s.targetMemory },
                      },
                    },
                  ]
                : []),
            ],
            behavior: {
              scaleUp: {
                stabilizationWindowSeconds: 0,
                policies: [
                  { type: 'Percent', value: 100, periodSeconds: 30 },
                  { type: 'Pods', value: 4, periodSeconds: 30 },
                ],
                selectPolicy: 'Max',
              },
              scaleDown: {
                stabilizationWindowSeconds: 300,
                policies: [{ type: 'Percent', value: 20, periodSeconds: 60 }],
              },
            },
          },
        }),
      );
      reasons.push(
        `${s.minReplicas}–${s.maxReplicas} replicas at ${s.targetCPU}% CPU${s.targetMemory ? ` and ${s.targetMemory}% memory` : ''}, scaling ${target.kind}/${target.name}`,
      );
    } else if (has(app, 'keda')) reasons.push('KEDA scales this app and makes its own HPA, so none is generated here');
    if (has(app, 'pdb') && app.stateful) {
      // One primary: a budget of 0 would make every drain of its node wait forever; AlwaysAllow lets a
      // crash-looping pod go too.
      objects.push(
        new PodDisruptionBudget({
          metadata: meta,
          spec: {
            maxUnavailable: 1,
            unhealthyPodEvictionPolicy: 'AlwaysAllow',
            selector: { matchLabels: selectorLabels(app) },
          },
        }),
      );
      reasons.push(
        `PodDisruptionBudget maxUnavailable 1: a drain may move the single ${app.stateful.family} pod (it restarts elsewhere with its volume) instead of blocking`,
      );
    } else if (has(app, 'pdb') && s.minReplicas > 1) {
      objects.push(
        new PodDisruptionBudget({
          metadata: meta,
          spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(app) } },
        }),
      );
      reasons.push(`PodDisruptionBudget: at most one of ${s.minReplicas}+ pods down at a time during drains`);
    }
    for (const o of objects) o.validate();
    return output(
      objects.length ? [{ path: FILES.hpa, objects: objects.map((o) => o.toJSON() as never) }] : [],
      reasons,
    );
  },
});
