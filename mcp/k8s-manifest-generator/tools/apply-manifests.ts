import { z } from 'zod';
import { validateManifests } from '../../../src/manifests/validate.js';
import { WORLD_CHANGING } from '../../shared/annotations.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { manifestFiles, manifestSetInput } from '../manifest-input.js';

export default defineTool({
  name: 'apply_manifests',
  title: 'Apply manifests to the cluster',
  description: 'Server-side apply the manifest set to the target cluster (field manager kaptain-kube), after a server-side dry run when dryRun is true.',
  input: z.object({
    ...manifestSetInput,
    dryRun: z.boolean().default(true),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z.string().optional(),
    forceConflicts: z.boolean().default(false),
  }),
  output: z.object({ applied: z.array(z.string()), dryRun: z.boolean() }),
  annotations: WORLD_CHANGING,
  async run(a) {
    const files = manifestFiles(a);
    const report = await validateManifests(files);
    if (!report.valid) throw new ToolError(`the set fails validation; nothing was applied: ${report.findings.filter((f) => f.severity === 'error').map((f) => `${f.subject}: ${f.message}`).join('; ')}`);
    throw new ToolError(`no cluster connection is available in this build, so nothing was ${a.dryRun ? 'dry-run' : 'applied'}. Write the tree with --generate-only and apply it with kubectl apply --server-side.`);
  },
});
