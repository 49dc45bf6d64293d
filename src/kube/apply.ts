// Server-side dry-run, live diff and server-side apply of a manifest set, in dependency
// order, with field manager kaptain-kube. Conflicts are explained with the fields and
// managers involved; every applied object is labelled so a later run can prune.
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { KubeTarget } from './client.js';
import { isNamespaced, resourcePath, type KubeObject } from './paths.js';

const FIELD_MANAGER = 'kaptain-kube';
export const APPLIED_BY = 'kaptainkube.dev/applied-by';

const RANK: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 0,
  ResourceQuota: 1,
  LimitRange: 1,
  ServiceAccount: 2,
  Role: 3,
  ClusterRole: 3,
  RoleBinding: 4,
  ClusterRoleBinding: 4,
  ConfigMap: 5,
  Secret: 5,
  PersistentVolumeClaim: 6,
  Service: 7,
  Deployment: 8,
  StatefulSet: 8,
  DaemonSet: 8,
  Job: 8,
  CronJob: 8,
  HorizontalPodAutoscaler: 9,
  PodDisruptionBudget: 9,
  NetworkPolicy: 9,
  Ingress: 9,
};

/** Core objects first, in the order they depend on each other; CRD-backed objects last. */
export function applyOrder<T extends KubeObject>(objects: T[]): T[] {
  const rank = (o: KubeObject) => RANK[o.kind] ?? (o.apiVersion.includes('.') ? 20 : 15);
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

export class ApplyConflict extends Error {
  constructor(
    readonly object: string,
    readonly conflicts: { field: string; manager: string; message: string }[],
  ) {
    super(
      `${object}: conflicts with ${[...new Set(conflicts.map((c) => c.manager))].join(', ')} on ${conflicts.map((c) => c.field).join(', ')}. Re-run with --force-conflicts to take these fields over.`,
    );
  }
}

function conflictsOf(body: any): { field: string; manager: string; message: string }[] {
  return (body?.details?.causes ?? []).map((c: { field?: string; message?: string }) => ({
    field: c.field ?? '?',
    manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? 'another manager',
    message: c.message ?? '',
  }));
}

const ref = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** Fields the server owns or that change on every write, left out of diffs. */
export function stripServerFields(o: any): any {
  if (!o || typeof o !== 'object') return o;
  const { status: _s, ...rest } = o;
  const meta = { ...(rest.metadata ?? {}) };
  for (const k of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'])
    delete meta[k];
  if (meta.annotations) {
    const a = { ...meta.annotations };
    delete a['kubectl.kubernetes.io/last-applied-configuration'];
    delete a['deployment.kubernetes.io/revision'];
    meta.annotations = Object.keys(a).length ? a : undefined;
    if (!meta.annotations) delete meta.annotations;
  }
  return { ...rest, metadata: meta };
}

export function labelled(o: KubeObject, app: string): KubeObject {
  return { ...o, metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), [APPLIED_BY]: app } } };
}

export async function ssa(target: KubeTarget, o: KubeObject, opts: { dryRun: boolean; force: boolean }) {
  const q = new URLSearchParams({
    fieldManager: FIELD_MANAGER,
    ...(opts.force ? { force: 'true' } : {}),
    ...(opts.dryRun ? { dryRun: 'All' } : {}),
  });
  return target.request('PATCH', `${resourcePath(o, target.namespace)}?${q}`, stringify(o), {
    'content-type': 'application/apply-patch+yaml',
  });
}

export interface ObjectResult {
  ref: string;
  action: 'create' | 'update' | 'unchanged';
  diff: string;
}

export async function dryRunAndDiff(
  target: KubeTarget,
  objects: KubeObject[],
  app: string,
  force = false,
): Promise<{ objects: ObjectResult[]; errors: string[] }> {
  const out: ObjectResult[] = [];
  const errors: string[] = [];
  // The API server refuses a dry run in a namespace that does not exist yet, so objects
  // in a Namespace this set creates are shown as created without asking the server.
  const creating = new Set<string>();
  for (const raw of applyOrder(objects)) {
    const o = labelled(raw, app);
    const ns = isNamespaced(o) ? (o.metadata.namespace ?? target.namespace) : undefined;
    if (ns && creating.has(ns)) {
      out.push({
        ref: ref(o),
        action: 'create',
        diff: createTwoFilesPatch(
          '/dev/null',
          `merged/${ref(o)}`,
          '',
          stringify(stripServerFields(o)),
          undefined,
          undefined,
          { context: 3 },
        ),
      });
      continue;
    }
    const live = await target.request('GET', resourcePath(o, target.namespace));
    if (o.kind === 'Namespace' && live.status === 404) creating.add(o.metadata.name);
    const dry = await ssa(target, o, { dryRun: true, force });
    if (dry.status === 409) {
      errors.push(new ApplyConflict(ref(o), conflictsOf(dry.body)).message);
      continue;
    }
    if (dry.status >= 300) {
      errors.push(`${ref(o)}: ${dry.body?.message ?? `server answered ${dry.status}`}`);
      continue;
    }
    const before = live.status === 200 ? stringify(stripServerFields(live.body)) : '';
    const after = stringify(stripServerFields(dry.body));
    const action = live.status !== 200 ? 'create' : before === after ? 'unchanged' : 'update';
    out.push({
      ref: ref(o),
      action,
      diff:
        action === 'unchanged'
          ? ''
          : createTwoFilesPatch(
              live.status === 200 ? `live/${ref(o)}` : '/dev/null',
              `merged/${ref(o)}`,
              before,
              after,
              undefined,
              undefined,
              { context: 3 },
            ),
    });
  }
  return { objects: out, errors };
}

export async function applyObjects(
  target: KubeTarget,
  objects: KubeObject[],
  app: string,
  opts: { force?: boolean } = {},
): Promise<{ applied: string[]; order: string[] }> {
  const ordered = applyOrder(objects);
  const applied: string[] = [];
  for (const raw of ordered) {
    const o = labelled(raw, app);
    const res = await ssa(target, o, { dryRun: false, force: opts.force === true });
    if (res.status === 409) throw new ApplyConflict(ref(o), conflictsOf(res.body));
    if (res.status >= 300) throw new Error(`${ref(o)}: ${res.body?.message ?? `server answered ${res.status}`}`);
    applied.push(ref(o));
  }
  return { applied, order: ordered.map(ref) };
}

/** Kinds a run may have applied before, so pruning looks for them even when this set has none. */
const PRUNABLE: { apiVersion: string; kind: string }[] = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
];

/** Objects labelled as applied for the app that the set no longer has; deleted unless dryRun. */
export async function prune(
  target: KubeTarget,
  app: string,
  keep: KubeObject[],
  opts: { dryRun: boolean; namespace: string },
): Promise<string[]> {
  const keepRefs = new Set(keep.map((o) => `${o.kind}/${o.metadata.name}`));
  const kinds = [
    ...new Map(
      [...PRUNABLE, ...keep.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind }))].map((k) => [
        `${k.apiVersion}/${k.kind}`,
        k,
      ]),
    ).values(),
  ].filter((k) => k.kind !== 'Namespace');
  const gone: string[] = [];
  for (const k of kinds) {
    const probe: KubeObject = {
      apiVersion: k.apiVersion,
      kind: k.kind,
      metadata: { name: '', namespace: opts.namespace },
    };
    const collection = resourcePath(probe, opts.namespace).replace(/\/$/, '');
    const list = await target.request(
      'GET',
      `${collection}?labelSelector=${encodeURIComponent(`${APPLIED_BY}=${app}`)}`,
    );
    for (const item of list.body?.items ?? []) {
      if (keepRefs.has(`${k.kind}/${item.metadata.name}`)) continue;
      gone.push(`${k.kind}/${item.metadata.name}`);
      if (!opts.dryRun) await target.request('DELETE', `${collection}/${item.metadata.name}`);
    }
  }
  return gone;
}
