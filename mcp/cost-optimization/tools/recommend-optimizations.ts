import { z } from 'zod';
import { appContextSchema, has } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { cores, models, monthly, round } from '../pricing.js';

export default defineTool({
  name: 'recommend_optimizations',
  title: 'Recommend cost optimizations',
  description:
    "Concrete changes that lower the app's cost — right-sizing from observed use, scale to zero, spot nodes for interruptible work, ARM nodes, fewer idle replicas — each with an estimated monthly saving and the reason.",
  input: z.object({
    app: appContextSchema,
    cloud: z.enum(['aws', 'gcp', 'azure']).default('aws'),
    observed: z
      .object({ cpuUsedCores: z.number().min(0).optional(), memoryUsedGi: z.number().min(0).optional() })
      .optional(),
  }),
  output: z.object({
    recommendations: z.array(z.object({ change: z.string(), monthlySaving: z.number(), reason: z.string() })),
    baseline: z.number(),
  }),
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, cloud, observed }) => {
    const m = models();
    const p = m.clouds[cloud];
    const base = monthly(app, p, m.hoursPerMonth, app.scaling.minReplicas);
    const recs: { change: string; monthlySaving: number; reason: string }[] = [];
    const cpuReq = cores(app.resources.cpu);
    if (observed?.cpuUsedCores !== undefined && observed.cpuUsedCores < cpuReq * 0.5) {
      const target = Math.max(0.05, Math.ceil(observed.cpuUsedCores * 1.3 * 20) / 20);
      recs.push({
        change: `lower the CPU request from ${app.resources.cpu} to ${Math.round(target * 1000)}m`,
        monthlySaving: round((cpuReq - target) * p.vcpuHour * m.hoursPerMonth * app.scaling.minReplicas),
        reason: `pods use ${observed.cpuUsedCores} cores of ${cpuReq} requested`,
      });
    }
    if (app.appType === 'worker')
      recs.push({
        change: 'scale to zero with KEDA when the queue is empty',
        monthlySaving: round(base.compute * 0.5),
        reason: 'workers idle between bursts; zero replicas cost nothing',
      });
    if (app.appType === 'worker' || app.events)
      recs.push({
        change: 'run on spot/preemptible nodes',
        monthlySaving: round(base.compute * m.discounts.spot),
        reason: 'queue consumers tolerate interruption: unacked messages are redelivered',
      });
    if (['go', 'node', 'python', 'rust'].includes(app.language) && app.resources.gpu === 0)
      recs.push({
        change: 'schedule on ARM nodes (build the image for linux/arm64 too)',
        monthlySaving: round(base.compute * m.discounts.arm),
        reason: `${app.language} runs natively on ARM, which is about ${m.discounts.arm * 100}% cheaper per vCPU`,
      });
    if (app.resources.gpu > 0)
      recs.push({
        change: 'let the GPU node group scale from zero and batch requests',
        monthlySaving: round(base.gpu * 0.3),
        reason: 'GPUs dominate the bill; idle GPU hours are the first to cut',
      });
    if (!has(app, 'vpa'))
      recs.push({
        change: 'enable the VPA in recommendation mode and right-size monthly',
        monthlySaving: 0,
        reason: 'without usage data, requests stay guesses',
      });
    if (app.scaling.minReplicas > 3 && app.securityProfile === 'standard')
      recs.push({
        change: `lower minReplicas from ${app.scaling.minReplicas} to 3`,
        monthlySaving: round((base.compute / app.scaling.minReplicas) * (app.scaling.minReplicas - 3)),
        reason: 'three replicas across zones already survive a zone loss',
      });
    return { recommendations: recs, baseline: base.total };
  },
});
