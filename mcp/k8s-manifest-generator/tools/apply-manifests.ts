import { z } from 'zod';
import { validateManifests } from '../../../src/manifests/validate.js';
import { WORLD_CHANGING } from '../../shared/annotations.js';
import { defineTool, ToolError } from '../../shared/tool.js';
import { manifestFiles, manifestSetInput } from '../../shared/manifest-input.js';

export default defineTool({
  name: 'apply_manifests',
  title: 'Apply manifests to the cluster',
  description:
    'Server-side apply the manifest set to the target cluster (field manager kaptain-kube), after a server-side dry run when dryRun is true.',
  input: z.object({
    ...manifestSetInput,
    dryRun: z.boolean().default(true),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z.string().optional(),
    forceConflicts: z.boolean().default(false),
    prune: z
      .boolean()
      .default(false)
      .describe('Delete objects an earlier run applied for this app that the set no longer has'),
  }),
  output: z.object({
    context: z.string(),
    server: z.string(),
    dryRun: z.boolean(),
    results: z.array(
      z.object({ ref: z.string(), action: z.enum(['create', 'update', 'unchanged']), diff: z.string() }),
    ),
    applied: z.array(z.string()),
    pruned: z.array(z.string()),
  }),
  annotations: WORLD_CHANGING,
  async run(a, ctx) {
    const files = manifestFiles(a);
    await ctx.progress(0, 2, 'validating the set');
    const report = await validateManifests(files);
    if (!report.valid)
      throw new ToolError(
        `the set fails validation; nothing was applied: ${report.findings
          .filter((f) => f.severity === 'error')
          .map((f) => `${f.subject}: ${f.message}`)
          .join('; ')}`,
      );
    const { applyManifestSet, NoCluster, ApplyConflict } = await import('../../../src/kube/index.js');
    const { registry } = await import('../../../src/plan/registry.js');
    const objects = files.flatMap((f) => f.objects) as never[];
    const app =
      (objects.find((o: { kind: string }) => o.kind === 'Deployment') as { metadata: { name: string } } | undefined)
        ?.metadata.name ?? 'kaptain-kube';
    await ctx.progress(1, 2, a.dryRun ? 'server-side dry run' : 'applying');
    try {
      const r = await applyManifestSet({
        objects,
        dryRun: a.dryRun,
        app,
        kubeconfig: a.kubeconfig,
        context: a.context,
        namespace: a.namespace,
        forceConflicts: a.forceConflicts,
        prune: a.prune,
        needs: registry.apiNeeds(),
      });
      if (r.errors.length) throw new ToolError(`nothing was applied:\n${r.errors.join('\n')}`);
      await ctx.progress(2, 2, 'done');
      await ctx.log('info', `${r.dryRun ? 'dry run' : 'applied'} on ${r.context}: ${r.results.length} objects`);
      return {
        context: r.context,
        server: r.server,
        dryRun: r.dryRun,
        results: r.results,
        applied: r.applied,
        pruned: r.pruned,
      };
    } catch (err) {
      if (err instanceof NoCluster || err instanceof ApplyConflict) throw new ToolError(err.message);
      throw err;
    }
  },
  summarize: (r) =>
    [
      `${r.dryRun ? 'server-side dry run' : 'applied'} on ${r.context} (${r.server}):`,
      ...r.results.map((x) => `  ${x.action.padEnd(9)} ${x.ref}`),
      ...r.pruned.map((p) => `  ${r.dryRun ? 'would prune' : 'pruned'} ${p}`),
    ].join('\n'),
});
