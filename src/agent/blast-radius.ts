// A card's blast radius: what the call changes, as plain data. Against the tree before the
// call: objects added, changed and removed by kind, RBAC it grants, endpoints it exposes and
// the monthly cost of the workloads' requests. With a cluster, the objects it writes are
// dry-run against the live ones (blast-cluster.ts).
import { workspaceFiles, type Workspace } from '../manifests/workspace.js';
import type { ManifestObject } from '../manifests/result.js';
import { objectToYaml } from '../manifests/yaml.js';
import type { BlastRadius } from '../sessions/card-review.js';
import type { KubeTarget } from '../kube/client.js';
import { monthlyCost, PRICED_CLOUD, pricedRegion } from './blast-cost.js';
import { clusterBlast } from './blast-cluster.js';

type Obj = ManifestObject & {
  metadata: { name: string; namespace?: string };
  spec?: any;
  rules?: any;
  roleRef?: any;
  subjects?: any;
};

const keyOf = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const refOf = (o: Obj) => `${o.kind}/${o.metadata.name}`;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

function objectsOf(ws: Workspace): Map<string, Obj> {
  return new Map(workspaceFiles(ws).flatMap((f) => f.objects.map((o) => [keyOf(o as Obj), o as Obj] as const)));
}

/** What a Role or binding grants, in a line. */
function grant(o: Obj): string | undefined {
  if (o.kind === 'Role' || o.kind === 'ClusterRole') {
    const rules = list(o.rules).map(
      (r) => `${list(r.verbs).join(',')} ${[...list(r.resources), ...list(r.nonResourceURLs)].join(',')}`,
    );
    return `${refOf(o)}: ${rules.join('; ') || 'no rules'}`;
  }
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    const who = list(o.subjects).map((s) => `${s.kind}/${s.name}`);
    return `${refOf(o)}: ${o.roleRef?.kind ?? 'Role'}/${o.roleRef?.name ?? '?'} to ${who.join(', ') || 'nobody'}`;
  }
  return undefined;
}

/** The endpoints an object opens to the outside: Ingress hosts, LoadBalancer and NodePort Services. */
function endpoints(o: Obj | undefined): string[] {
  if (!o) return [];
  if (o.kind === 'Ingress')
    return list(o.spec?.rules).flatMap((r) =>
      list(r.http?.paths).map((p) => `Ingress/${o.metadata.name}: ${r.host ?? '*'}${p.path ?? '/'}`),
    );
  if (o.kind === 'Service' && (o.spec?.type === 'LoadBalancer' || o.spec?.type === 'NodePort'))
    return list(o.spec?.ports).map(
      (p) => `Service/${o.metadata.name}: ${o.spec.type} ${p.port}${p.nodePort ? ` (node port ${p.nodePort})` : ''}`,
    );
  return [];
}

export interface ClusterAccess {
  target: KubeTarget;
}

/** The blast radius of changing `before` into `after`; with `cluster`, also against the live objects. */
export async function blastRadius(before: Workspace, after: Workspace, cluster?: ClusterAccess): Promise<BlastRadius> {
  const was = objectsOf(before);
  const now = objectsOf(after);
  const byKind = new Map<string, { kind: string; added: number; changed: number; removed: number }>();
  const count = (kind: string, field: 'added' | 'changed' | 'removed') => {
    const row = byKind.get(kind) ?? { kind, added: 0, changed: 0, removed: 0 };
    row[field]++;
    byKind.set(kind, row);
  };
  const written: Obj[] = [];
  const rbac: string[] = [];
  const exposed: string[] = [];
  for (const [key, o] of now) {
    const old = was.get(key);
    if (old && objectToYaml(old) === objectToYaml(o)) continue;
    count(o.kind, old ? 'changed' : 'added');
    written.push(o);
    const g = grant(o);
    if (g && (!old || grant(old) !== g)) rbac.push(g);
    const seen = new Set(endpoints(old));
    exposed.push(...endpoints(o).filter((e) => !seen.has(e)));
  }
  for (const [key, o] of was) if (!now.has(key)) count(o.kind, 'removed');
  const radius: BlastRadius = {
    kinds: [...byKind.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
    rbac,
    exposed,
  };
  const live = cluster ? await clusterBlast(cluster.target, written) : undefined;
  if (live) radius.cluster = live.summary;
  // With a cluster, the objects the call writes cost what they cost live before it.
  const beforeObjects = [...was.values()].filter((o) => !live || !written.some((w) => keyOf(w) === keyOf(o)));
  if (live) beforeObjects.push(...(live.liveObjects as Obj[]));
  const costBefore = monthlyCost(beforeObjects);
  const costAfter = monthlyCost([...now.values()]);
  if (costBefore.atReplicas !== costAfter.atReplicas || costBefore.atMax !== costAfter.atMax)
    radius.cost = {
      cloud: PRICED_CLOUD,
      region: pricedRegion(),
      atReplicas: { before: costBefore.atReplicas, after: costAfter.atReplicas },
      atMax: { before: costBefore.atMax, after: costAfter.atMax },
    };
  return radius;
}

const money = (n: number) => `${n < 0 ? '−' : '+'}$${Math.abs(n).toFixed(2)}`;

/**
 * The card's one line, what matters most first (it is cut at the card's width):
 * `restarts 3 pods · −$9.37/month · live: 1 new, 1 updated · Deployment +1, Namespace +1`.
 */
export function blastLine(b: BlastRadius): string {
  const parts: string[] = [];
  if (b.cluster) {
    const pods = b.cluster.restarts.reduce((n, r) => n + r.pods, 0);
    if (b.cluster.restarts.length) parts.push(`restarts ${pods} pod${pods === 1 ? '' : 's'}`);
    if (b.cluster.errors.length) parts.push(`${b.cluster.errors.length} refused by the cluster`);
  }
  if (b.rbac.length) parts.push(`grants ${b.rbac.length} RBAC`);
  if (b.exposed.length) parts.push(`exposes ${b.exposed.length}`);
  if (b.cost) {
    const { atReplicas: r, atMax: m } = b.cost;
    const max = m.after - m.before !== r.after - r.before ? ` (${money(m.after - m.before)} at the HPA max)` : '';
    parts.push(`${money(r.after - r.before)}/month${max}`);
  }
  if (b.cluster) {
    const n = (action: string) => b.cluster!.objects.filter((o) => o.action === action).length;
    parts.push(`live: ${n('create')} new, ${n('update')} updated`);
  }
  const kinds = b.kinds.map(
    (k) =>
      `${k.kind} ${[k.added && `+${k.added}`, k.changed && `~${k.changed}`, k.removed && `−${k.removed}`].filter(Boolean).join(' ')}`,
  );
  parts.push(kinds.length ? kinds.join(', ') : 'no object changes');
  return parts.join(' · ');
}

/** The expanded lines, one fact each. */
export function blastDetails(b: BlastRadius): string[] {
  const out: string[] = [];
  if (b.cluster) {
    out.push(`against ${b.cluster.context} (server-side dry run):`);
    for (const o of b.cluster.objects)
      out.push(`  ${o.action} ${o.ref}${o.fields.length ? `: ${o.fields.join(', ')}` : ''}`);
    for (const r of b.cluster.restarts)
      out.push(`  restarts ${r.ref}: ${r.pods} pod${r.pods === 1 ? '' : 's'} replaced`);
    for (const e of b.cluster.errors) out.push(`  refused: ${e}`);
  }
  for (const g of b.rbac) out.push(`grants ${g}`);
  for (const e of b.exposed) out.push(`exposes ${e}`);
  if (b.cost) {
    const { atReplicas: r, atMax: m } = b.cost;
    out.push(
      `cost ${money(r.after - r.before)}/month at its replicas ($${r.before.toFixed(2)} → $${r.after.toFixed(2)}), ${money(m.after - m.before)} at the HPA maximum ($${m.before.toFixed(2)} → $${m.after.toFixed(2)}); ${b.cost.cloud} ${b.cost.region} list prices`,
    );
  }
  return out;
}
