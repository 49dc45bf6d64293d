import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'analyze_scaling_metrics',
  title: 'Recommend scaling settings',
  description:
    'Recommend minReplicas, maxReplicas and utilisation targets from the requirements (availability, uptime, load), the app type and observed metrics when given, with a reason for each.',
  input: z.object({
    app: appContextSchema,
    observed: z
      .object({
        cpuP95: z.number().min(0).max(100).optional(),
        memoryP95: z.number().min(0).max(100).optional(),
        rps: z.number().min(0).optional(),
      })
      .optional(),
  }),
  output: z.object({
    minReplicas: z.number().int(),
    maxReplicas: z.number().int(),
    targetCPU: z.number().int(),
    targetMemory: z.number().int().optional(),
    mechanism: z.enum(['hpa', 'keda', 'none']),
    reasons: z.array(z.string()),
  }),
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, observed }) => {
    const reasons: string[] = [];
    const text = app.requirements.join(' ');
    let min = app.scaling.minReplicas;
    let max = app.scaling.maxReplicas;
    let target = app.scaling.targetCPU;
    const uptime = /(\d{2}(?:\.\d+)?)\s*%/.exec(text);
    if ((/high availab/i.test(text) || (uptime && Number(uptime[1]) >= 99.9)) && min < 3) {
      min = 3;
      reasons.push(
        'high availability / ≥ 99.9% uptime: at least 3 replicas spread over zones survive a zone and a node loss',
      );
    }
    if (app.appType === 'gpu-inference') {
      target = Math.max(target, 70);
      reasons.push(
        'GPU inference: scale on CPU with headroom; each replica holds a GPU, so keep max within GPU capacity',
      );
    }
    if (observed?.cpuP95 !== undefined) {
      if (observed.cpuP95 > target) {
        max = Math.ceil(max * (observed.cpuP95 / target));
        reasons.push(`observed CPU p95 ${observed.cpuP95}% is above the ${target}% target: raise max to ${max}`);
      } else if (observed.cpuP95 < target / 3)
        reasons.push(`observed CPU p95 ${observed.cpuP95}% is far below target: requests may be too high`);
    }
    const concurrent = /([\d][\d,]*)\s*concurrent/i.exec(text);
    if (concurrent) {
      const users = Number(concurrent[1].replace(/,/g, ''));
      const needed = Math.ceil(users / 250);
      if (needed > max) {
        max = needed;
        reasons.push(`${users} concurrent users at ~250 per replica need up to ${needed} replicas`);
      }
    }
    if (target > 85) {
      target = 80;
      reasons.push('targets above 85% leave no room for the time new pods take to start');
    }
    const mechanism: 'hpa' | 'keda' | 'none' = app.events ? 'keda' : max > min ? 'hpa' : 'none';
    if (app.events) reasons.push(`event source ${app.events.kind}: KEDA scales on the backlog rather than CPU`);
    if (app.scaling.predictive) reasons.push('predictive scaling: add a KEDA cron trigger ahead of known peaks');
    if (reasons.length === 0) reasons.push('the configured scaling fits the requirements');
    return {
      minReplicas: min,
      maxReplicas: Math.max(max, min),
      targetCPU: target,
      targetMemory: app.scaling.targetMemory,
      mechanism,
      reasons,
    };
  },
});
