// Watches a Deployment until it is Available, or explains why not: container waiting
// reasons, last terminations and scheduling events of its pods.
import type { KubeTarget } from './client.js';

export interface RolloutProgress {
  replicas: number;
  updated: number;
  ready: number;
  available: number;
}

export class RolloutTimeout extends Error {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

function done(d: any): boolean {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  const available = (s.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Available' && c.status === 'True',
  );
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    available &&
    (s.updatedReplicas ?? 0) >= want &&
    (s.availableReplicas ?? 0) >= want
  );
}

async function podProblems(target: KubeTarget, namespace: string, selector: Record<string, string>): Promise<string[]> {
  const q = encodeURIComponent(
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );
  const pods = await target.request('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=${q}`);
  const reasons: string[] = [];
  for (const p of pods.body?.items ?? []) {
    for (const c of p.status?.containerStatuses ?? []) {
      const w = c.state?.waiting;
      if (w?.reason)
        reasons.push(`pod ${p.metadata.name} container ${c.name}: ${w.reason}${w.message ? ` — ${w.message}` : ''}`);
      const t = c.lastState?.terminated;
      if (t)
        reasons.push(`pod ${p.metadata.name} container ${c.name} last exited ${t.exitCode} (${t.reason ?? 'Error'})`);
    }
    const events = await target.request(
      'GET',
      `/api/v1/namespaces/${namespace}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${p.metadata.name}`)}`,
    );
    for (const e of events.body?.items ?? [])
      if (e.type === 'Warning') reasons.push(`pod ${p.metadata.name}: ${e.reason} — ${e.message}`);
  }
  return [...new Set(reasons)];
}

export async function watchRollout(
  target: KubeTarget,
  opts: {
    namespace: string;
    name: string;
    timeoutSeconds: number;
    intervalMs?: number;
    onProgress?: (p: RolloutProgress) => void;
  },
): Promise<RolloutProgress> {
  const end = Date.now() + opts.timeoutSeconds * 1000;
  let last: RolloutProgress | undefined;
  let d: any;
  for (;;) {
    const res = await target.request('GET', `/apis/apps/v1/namespaces/${opts.namespace}/deployments/${opts.name}`);
    if (res.status === 404) throw new Error(`Deployment ${opts.namespace}/${opts.name} does not exist`);
    d = res.body;
    const s = d.status ?? {};
    const p = {
      replicas: d.spec?.replicas ?? 1,
      updated: s.updatedReplicas ?? 0,
      ready: s.readyReplicas ?? 0,
      available: s.availableReplicas ?? 0,
    };
    if (!last || JSON.stringify(p) !== JSON.stringify(last)) opts.onProgress?.(p);
    last = p;
    if (done(d)) return p;
    if (Date.now() >= end) break;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 2000));
  }
  const reasons = await podProblems(target, opts.namespace, d.spec?.selector?.matchLabels ?? {});
  throw new RolloutTimeout(
    `Deployment ${opts.namespace}/${opts.name} was not Available after ${opts.timeoutSeconds}s (${last!.available}/${last!.replicas} available)${reasons.length ? `: ${reasons[0]}` : ''}`,
    reasons,
  );
}
