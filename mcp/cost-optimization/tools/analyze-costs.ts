import { z } from 'zod';
import { appContextSchema } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';
import { models, monthly } from '../pricing.js';

const breakdown = z.object({
  compute: z.number(),
  gpu: z.number(),
  database: z.number(),
  loadBalancer: z.number(),
  total: z.number(),
});

export default defineTool({
  name: 'analyze_costs',
  title: 'Estimate deployment costs',
  description:
    'Estimate the monthly cost of the app per cloud (AWS, GCP, Azure) at its minimum and maximum replicas — compute from requests, GPUs, database storage and instances, load balancer — from dated public list prices.',
  input: z.object({
    app: appContextSchema,
    cloud: z.enum(['aws', 'gcp', 'azure', 'all']).default('all'),
    hoursPerMonth: z.number().min(1).max(744).optional(),
  }),
  output: z.object({
    priced: z.string(),
    hoursPerMonth: z.number(),
    estimates: z.array(z.object({ cloud: z.string(), region: z.string(), atMin: breakdown, atMax: breakdown })),
    reasons: z.array(z.string()),
  }),
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, cloud, hoursPerMonth }) => {
    const m = models();
    const hours = hoursPerMonth ?? m.hoursPerMonth;
    const clouds = cloud === 'all' ? Object.keys(m.clouds) : [cloud];
    const estimates = clouds.map((c) => ({
      cloud: c,
      region: m.clouds[c].region,
      atMin: monthly(app, m.clouds[c], hours, app.scaling.minReplicas),
      atMax: monthly(app, m.clouds[c], hours, app.scaling.maxReplicas),
    }));
    const cheapest = [...estimates].sort((a, b) => a.atMin.total - b.atMin.total)[0];
    return {
      priced: m.priced,
      hoursPerMonth: hours,
      estimates,
      reasons: [
        `requests ${app.resources.cpu} CPU / ${app.resources.memory} per pod, ${app.scaling.minReplicas}–${app.scaling.maxReplicas} pods`,
        `lowest at minimum scale: ${cheapest.cloud} about $${cheapest.atMin.total}/month`,
      ],
    };
  },
  summarize: (r) =>
    [
      `monthly estimate (${r.priced.split(';')[0]}):`,
      ...r.estimates.map(
        (e) => `  ${e.cloud} ${e.region}: $${e.atMin.total} at minimum, $${e.atMax.total} at maximum scale`,
      ),
    ].join('\n'),
});
