import { z } from 'zod';
import { estimateResources } from '../../../src/plan/estimate.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { defineTool } from '../../shared/tool.js';

export default defineTool({
  name: 'estimate_resources',
  title: 'Estimate CPU and memory',
  description:
    'Predict CPU and memory requests (and the memory limit) from the runtime, framework, build style, GPU use and the load the requirements describe, with the reason for each figure.',
  input: z.object({
    language: z.string().optional().describe('node, python, go, java, ruby, rust, php, dotnet, static'),
    framework: z.string().optional(),
    app_type: z.enum(['http', 'grpc', 'worker', 'gpu-inference', 'static']).optional(),
    multi_stage: z.boolean().optional(),
    gpu: z.number().int().min(0).max(16).optional(),
    requirements: z.array(z.string()).optional(),
  }),
  output: z.object({
    cpu: z.string(),
    memory: z.string(),
    cpuLimit: z.string().optional(),
    memoryLimit: z.string(),
    gpu: z.number().int(),
    reasons: z.array(z.string()),
  }),
  annotations: READ_ONLY,
  pure: true,
  run: (a) =>
    estimateResources({
      language: a.language,
      framework: a.framework,
      appType: a.app_type,
      multiStage: a.multi_stage,
      gpu: a.gpu,
      requirements: a.requirements,
    }),
  summarize: (r) =>
    `requests cpu ${r.cpu}, memory ${r.memory}; memory limit ${r.memoryLimit}${r.gpu ? `; ${r.gpu} GPU` : ''}\n${r.reasons.map((x) => `  ${x}`).join('\n')}`,
});
