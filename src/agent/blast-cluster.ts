// The cluster part of a blast radius: the objects a call writes, dry-run against the live
// ones (server-side apply, dryRun=All), with the fields that would change and the pods a
// changed pod template would replace.
import type { KubeTarget } from '../kube/client.js';
import type { KubeObject } from '../kube/paths.js';
import { previewApply } from '../kube/preview.js';
import { stripServerFields } from '../kube/apply.js';
import type { BlastRadius } from '../sessions/card-review.js';

const MAX_FIELDS = 12;
const ROLLING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Field paths where two values differ; list items with a name are matched by it (`containers[api].image`). */
function changedFields(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length > MAX_FIELDS) return out;
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      changedFields(a[k], b[k], path ? `${path}.${k}` : k, out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = [...a, ...b].every((x) => isObject(x) && typeof x.name === 'string');
    if (named) {
      const byName = (xs: any[]) => new Map(xs.map((x) => [x.name as string, x]));
      const [ma, mb] = [byName(a), byName(b)];
      for (const n of new Set([...ma.keys(), ...mb.keys()])) changedFields(ma.get(n), mb.get(n), `${path}[${n}]`, out);
      return out;
    }
  }
  out.push(path || '.');
  return out;
}

/** Pods a live workload runs now: what its status says, else what its spec asks. */
function podsOf(live: any): number {
  const s = live?.status ?? {};
  const n = live?.kind === 'DaemonSet' ? s.currentNumberScheduled : (s.replicas ?? live?.spec?.replicas ?? 1);
  return typeof n === 'number' ? n : 1;
}

export async function clusterBlast(
  target: KubeTarget,
  objects: readonly KubeObject[],
): Promise<{ summary: NonNullable<BlastRadius['cluster']>; liveObjects: unknown[] }> {
  const summary: NonNullable<BlastRadius['cluster']> = {
    context: target.context,
    objects: [],
    restarts: [],
    errors: [],
  };
  const liveObjects: unknown[] = [];
  let previewed;
  try {
    previewed = await previewApply(target, objects);
  } catch (err) {
    summary.errors.push((err as Error).message);
    return { summary, liveObjects };
  }
  for (const p of previewed) {
    if (p.live) liveObjects.push(p.live);
    if (p.error || !p.merged) {
      summary.errors.push(p.error ?? `${p.ref}: no answer`);
      continue;
    }
    if (!p.live) {
      summary.objects.push({ ref: p.ref, action: 'create', fields: [] });
      continue;
    }
    const fields = changedFields(stripServerFields(p.live), p.merged);
    summary.objects.push({
      ref: p.ref,
      action: fields.length ? 'update' : 'unchanged',
      fields: fields.length > MAX_FIELDS ? [...fields.slice(0, MAX_FIELDS), '…'] : fields,
    });
    const kind = p.live.kind as string;
    if (ROLLING.has(kind) && JSON.stringify(p.live.spec?.template) !== JSON.stringify(p.merged.spec?.template))
      summary.restarts.push({ ref: p.ref, pods: podsOf(p.live) });
  }
  return { summary, liveObjects };
}
