// Several apps deployed as one system: each app's files sit in its own folder
// (`k8s-manifests/<app>/04-deployment.yaml`), and the objects that belong to a namespace
// rather than to an app — the Namespace, its quota and limits, the default-deny policy —
// are written once, in the shared folder, however many apps share the namespace. Pure.
import type { GeneratedFile, ManifestObject } from './result.js';

/** `k8s-manifests/04-deployment.yaml` of app `api` → `k8s-manifests/api/04-deployment.yaml`. */
export function scopedPath(scope: string, path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? `${scope}/${path}` : `${path.slice(0, slash)}/${scope}${path.slice(slash)}`;
}

// Asked for every file of every contribution on every call of a system: each path is worked out once.
const sharedPaths = new Map<string, string>();

/**
 * Where a scoped file's shared objects go: the same folder without the app, under a name
 * that sorts before every app folder (`kubectl apply -R` reads files in lexical order,
 * and a Namespace must exist before anything in it).
 */
export function sharedPath(path: string): string {
  let shared = sharedPaths.get(path);
  if (shared === undefined) {
    const parts = path.split('/');
    const file = parts.at(-1)!;
    shared = parts.length < 3 ? path : [...parts.slice(0, -2), /^\d/.test(file) ? file : `00-${file}`].join('/');
    if (sharedPaths.size >= 10_000) sharedPaths.clear();
    sharedPaths.set(path, shared);
  }
  return shared;
}

type Obj = ManifestObject & { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

/** Labels that name one app: a shared object drops them. */
const APP_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];

function withoutAppLabels(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!labels) return undefined;
  const out = Object.fromEntries(Object.entries(labels).filter(([k]) => !APP_LABELS.includes(k)));
  return Object.keys(out).length ? out : undefined;
}

function isDefaultDeny(o: Obj): boolean {
  const spec = o.spec as
    { podSelector?: Record<string, unknown>; ingress?: unknown; egress?: unknown; policyTypes?: string[] } | undefined;
  return (
    o.kind === 'NetworkPolicy' &&
    !!spec &&
    Object.keys(spec.podSelector ?? {}).length === 0 &&
    spec.ingress === undefined &&
    spec.egress === undefined
  );
}

const SHARED_KINDS = new Set(['Namespace', 'ResourceQuota', 'LimitRange']);
const isShared = (o: Obj) => SHARED_KINDS.has(o.kind) || isDefaultDeny(o);

// Quantities: enough of resource.Quantity to add and compare what the generators write.
const FACTORS: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
function amount(q: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(q));
  return m ? Number(m[1]) * FACTORS[m[2] ?? ''] : undefined;
}
/** The same kind of value back: millicores for CPU, Mi for bytes, a plain count otherwise. */
function quantityText(key: string, n: number): string {
  if (/cpu/.test(key)) return `${Math.round(n * 1000)}m`;
  if (/memory|storage/.test(key)) return `${Math.ceil(n / 2 ** 20)}Mi`;
  return String(Math.round(n));
}

/** One quota for the namespace: room for every app in it, so the apps' own quotas add up. */
function mergeQuotas(quotas: Obj[], namespace: string): Obj {
  const hard: Record<string, number> = {};
  const text: Record<string, string> = {};
  for (const q of quotas)
    for (const [k, v] of Object.entries((q.spec as { hard?: Record<string, unknown> })?.hard ?? {})) {
      const n = amount(v);
      if (n === undefined) text[k] ??= String(v);
      else hard[k] = (hard[k] ?? 0) + n;
    }
  return {
    ...quotas[0],
    metadata: shared(quotas[0], `${namespace}-quota`),
    spec: {
      hard: {
        ...text,
        ...Object.fromEntries(Object.entries(hard).map(([k, n]) => [k, quantityText(k, n)])),
      },
    },
  };
}

/** One LimitRange for the namespace: the defaults of the first app, the largest maximum of any. */
function mergeLimits(ranges: Obj[], namespace: string): Obj {
  type Limit = { type: string; max?: Record<string, unknown> } & Record<string, unknown>;
  const byType = new Map<string, Limit>();
  for (const r of ranges)
    for (const l of ((r.spec as { limits?: Limit[] })?.limits ?? []) as Limit[]) {
      const have = byType.get(l.type);
      if (!have) {
        byType.set(l.type, structuredClone(l));
        continue;
      }
      for (const [k, v] of Object.entries(l.max ?? {})) {
        const a = amount(have.max?.[k]);
        const b = amount(v);
        if (a !== undefined && b !== undefined && b > a) have.max = { ...have.max, [k]: v };
      }
    }
  return { ...ranges[0], metadata: shared(ranges[0], `${namespace}-limits`), spec: { limits: [...byType.values()] } };
}

function shared(o: Obj, name: string): Obj['metadata'] {
  const { labels: _labels, ...rest } = o.metadata;
  const labels = withoutAppLabels(o.metadata.labels);
  return { ...rest, name, ...(labels ? { labels } : {}) };
}

/** Namespaces of several apps: one object, the labels and annotations of all (the first app wins a conflict). */
function mergeNamespaces(list: Obj[]): Obj {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const n of [...list].reverse()) {
    Object.assign(labels, withoutAppLabels(n.metadata.labels));
    Object.assign(annotations, (n.metadata as { annotations?: Record<string, string> }).annotations);
  }
  const { labels: _l, annotations: _a, ...rest } = list[0].metadata as Obj['metadata'] & { annotations?: unknown };
  return {
    ...list[0],
    metadata: {
      ...rest,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
}

// The same objects merge into the same object: a tree is rendered call after call, and a
// shared object that keeps its identity keeps what was worked out from it (its YAML, its
// schema check, its redaction) instead of being new every time.
const merges = new WeakMap<Obj, { from: readonly Obj[]; to: Obj }>();

function mergedOnce(list: readonly Obj[], merge: () => Obj): Obj {
  const hit = merges.get(list[0]);
  if (hit && hit.from.length === list.length && hit.from.every((o, i) => o === list[i])) return hit.to;
  const to = merge();
  merges.set(list[0], { from: [...list], to });
  return to;
}

/**
 * The system's tree from every app's files (already under their app folders): shared
 * objects taken out of the apps' files and merged into one per namespace in the shared
 * file. Files come back sorted by path.
 */
export function systemFiles(files: GeneratedFile[]): GeneratedFile[] {
  const kept: GeneratedFile[] = [];
  const pooled = new Map<string, Obj[]>();
  for (const f of files) {
    const target = sharedPath(f.path);
    if (target === f.path) {
      kept.push(f);
      continue;
    }
    const own = (f.objects as Obj[]).filter((o) => !isShared(o));
    if (own.length) kept.push({ path: f.path, objects: own });
    const out = (f.objects as Obj[]).filter(isShared);
    if (out.length) pooled.set(target, [...(pooled.get(target) ?? []), ...out]);
  }
  for (const [path, objects] of pooled) {
    const merged: Obj[] = [];
    const groups = new Map<string, Obj[]>();
    for (const o of objects) {
      const kind = isDefaultDeny(o) ? 'default-deny' : o.kind;
      const key = `${kind}/${kind === 'Namespace' ? o.metadata.name : (o.metadata.namespace ?? '')}`;
      groups.set(key, [...(groups.get(key) ?? []), o]);
    }
    for (const [key, list] of groups) {
      const ns = key.slice(key.indexOf('/') + 1);
      merged.push(
        mergedOnce(list, () => {
          if (list[0].kind === 'Namespace') return mergeNamespaces(list);
          if (list[0].kind === 'ResourceQuota') return mergeQuotas(list, ns);
          if (list[0].kind === 'LimitRange') return mergeLimits(list, ns);
          return { ...list[0], metadata: shared(list[0], 'default-deny') };
        }),
      );
    }
    const existing = kept.find((f) => f.path === path);
    // Namespaces first: a file is applied in order.
    const all = [...merged, ...((existing?.objects ?? []) as Obj[])];
    const sorted = [...all.filter((o) => o.kind === 'Namespace'), ...all.filter((o) => o.kind !== 'Namespace')];
    if (existing) existing.objects = sorted;
    else kept.push({ path, objects: sorted });
  }
  return kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
