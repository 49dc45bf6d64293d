// Cluster integration: what apply_manifests and `deploy` call.
import { discover, missingKinds, type ComponentKinds } from './capabilities.js';
import { applyObjects, dryRunAndDiff, prune, type ObjectResult } from './apply.js';
import { loadKube, type KubeOptions } from './client.js';
import type { KubeObject } from './paths.js';

export { loadKube } from './client.js';
export { discover, missingKinds, type ComponentKinds } from './capabilities.js';
export { applyObjects, applyOrder, dryRunAndDiff, prune, ApplyConflict } from './apply.js';
export { watchRollout, RolloutTimeout } from './rollout.js';

export interface ApplyReport {
  context: string;
  server: string;
  dryRun: boolean;
  missing: { apiVersion: string; kind: string; objects: string[]; component?: string }[];
  results: ObjectResult[];
  applied: string[];
  pruned: string[];
  errors: string[];
}

export class NoCluster extends Error {}

export async function applyManifestSet(
  input: KubeOptions & {
    objects: KubeObject[];
    dryRun: boolean;
    app: string;
    forceConflicts?: boolean;
    prune?: boolean;
    needs: readonly ComponentKinds[];
  },
): Promise<ApplyReport> {
  const loaded = loadKube(input);
  if ('missing' in loaded) throw new NoCluster(loaded.reason);
  const target = loaded.target;
  const cap = await discover(target, input.needs);
  const missing = missingKinds(cap, input.objects, input.needs);
  const base = {
    context: target.context,
    server: target.server,
    dryRun: input.dryRun,
    missing,
    results: [] as ObjectResult[],
    applied: [] as string[],
    pruned: [] as string[],
    errors: [] as string[],
  };
  const ns = input.objects.find((o) => o.kind === 'Namespace')?.metadata.name ?? target.namespace;
  if (missing.length > 0) {
    // Say which components the cluster cannot take before anything is changed.
    return {
      ...base,
      errors: missing.map(
        (m) =>
          `the cluster does not serve ${m.apiVersion} ${m.kind} (${m.objects.join(', ')})${m.component ? `: install it, or leave it out with --disable-component ${m.component}` : ''}`,
      ),
    };
  }
  const dry = await dryRunAndDiff(target, input.objects, input.app, input.forceConflicts);
  // Pruning is opt-in: it deletes what earlier runs applied for this app and this set no longer has.
  const pruned =
    input.prune && dry.errors.length === 0
      ? await prune(target, input.app, input.objects, { dryRun: input.dryRun, namespace: ns })
      : [];
  if (input.dryRun || dry.errors.length > 0) return { ...base, results: dry.objects, pruned, errors: dry.errors };
  const { applied } = await applyObjects(target, input.objects, input.app, { force: input.forceConflicts });
  return { ...base, results: dry.objects, applied, pruned };
}
