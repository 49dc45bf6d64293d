// What a cluster can take: API discovery mapped to the components KaptainKube generates,
// so a missing CRD is named before apply instead of surfacing as a failed apply.
import type { KubeTarget } from './client.js';

/** An API kind a component needs the cluster to serve. */
export interface ApiKind {
  group: string;
  /** The version the generators write; any served version of the group counts. */
  version: string;
  kind: string;
}

/** What a component needs; the caller (the component registry) says, this layer only checks. */
export interface ComponentKinds {
  component: string;
  kinds: readonly ApiKind[];
}

export interface Capabilities {
  version?: string;
  /** "group/version" → kinds served. */
  served: Map<string, Set<string>>;
  components: { component: string; present: boolean; missing: string[] }[];
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

export async function discover(target: KubeTarget, needs: readonly ComponentKinds[]): Promise<Capabilities> {
  const served = new Map<string, Set<string>>();
  const version = await target
    .request('GET', '/version')
    .then((r) => (r.status === 200 ? r.body.gitVersion : undefined));
  const core = await target.request('GET', '/api/v1');
  if (core.status === 200) served.set('v1', new Set((core.body.resources ?? []).map((r: { kind: string }) => r.kind)));
  const apis = await target.request('GET', '/apis');
  if (apis.status !== 200)
    throw new Error(`API discovery failed: ${apis.status} ${JSON.stringify(apis.body).slice(0, 200)}`);
  for (const g of apis.body.groups ?? []) {
    for (const v of g.versions ?? []) {
      const res = await target.request('GET', `/apis/${v.groupVersion}`);
      if (res.status === 200)
        served.set(
          v.groupVersion,
          new Set(
            (res.body.resources ?? [])
              .filter((r: { name: string }) => !r.name.includes('/'))
              .map((r: { kind: string }) => r.kind),
          ),
        );
    }
  }
  return { version, served, components: componentSupport(served, needs) };
}

/** Per component, whether the served API groups have every kind it needs ("group/Kind" strings for the missing). */
export function componentSupport(
  served: Capabilities['served'],
  needs: readonly ComponentKinds[],
): Capabilities['components'] {
  const hasKind = (k: ApiKind) =>
    [...served.entries()].some(([gv, kinds]) => group(gv) === k.group && kinds.has(k.kind));
  return needs.map((c) => {
    const missing = c.kinds.filter((k) => !hasKind(k)).map((k) => `${k.group}/${k.kind}`);
    return { component: c.component, present: missing.length === 0, missing };
  });
}

/** Objects of the set whose apiVersion/kind the cluster does not serve. */
export function missingKinds(
  cap: Capabilities,
  objects: { apiVersion: string; kind: string; metadata: { name: string } }[],
  needs: readonly ComponentKinds[],
) {
  const out = new Map<string, { apiVersion: string; kind: string; objects: string[]; component?: string }>();
  for (const o of objects) {
    if (cap.served.get(o.apiVersion)?.has(o.kind)) continue;
    const key = `${o.apiVersion}/${o.kind}`;
    const entry = out.get(key) ?? {
      apiVersion: o.apiVersion,
      kind: o.kind,
      objects: [],
      component: needs.find((c) => c.kinds.some((k) => k.group === group(o.apiVersion) && k.kind === o.kind))
        ?.component,
    };
    entry.objects.push(`${o.kind}/${o.metadata.name}`);
    out.set(key, entry);
  }
  return [...out.values()];
}
