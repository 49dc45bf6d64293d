// NetworkPolicy semantics (networking.k8s.io/v1), as the API documents them: a pod is
// isolated for a direction only when some policy selects it with that policyType; an
// isolated pod's traffic is allowed when any rule of any selecting policy allows it; a
// connection needs the source's egress and the destination's ingress to allow it.
// Policies only act on pods in their own namespace. Parties outside the tree are
// assumed not isolated by policies the tree does not contain.
import { list, type Labels, type ManifestSet } from '../readiness/manifest-set.js';
import type { CheckEntry, Peer, Report } from './types.js';

export interface Policy {
  at: CheckEntry;
  namespace: string;
  spec: any;
  types: ('Ingress' | 'Egress')[];
}

export function policies(set: ManifestSet): Policy[] {
  return set.entries
    .filter((e) => e.obj.kind === 'NetworkPolicy' && e.obj.apiVersion === 'networking.k8s.io/v1')
    .map((raw) => {
      const e = raw as CheckEntry;
      const spec = e.obj.spec ?? {};
      // Without policyTypes: Ingress always, Egress when the policy has egress rules.
      const types = Array.isArray(spec.policyTypes)
        ? spec.policyTypes
        : ['Ingress', ...(spec.egress ? ['Egress'] : [])];
      return { at: e, namespace: e.obj.metadata.namespace ?? 'default', spec, types };
    });
}

/** LabelSelector semantics; unknown labels (a pod outside the tree) match only the empty selector. */
export function matches(selector: any, labels: Labels | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const ml = Object.entries((selector.matchLabels ?? {}) as Labels);
  const me = list(selector.matchExpressions);
  if (ml.length === 0 && me.length === 0) return true;
  if (!labels) return false;
  if (!ml.every(([k, v]) => labels[k] === v)) return false;
  return me.every((x) => {
    const has = Object.hasOwn(labels, x?.key);
    const values = list<string>(x?.values);
    if (x?.operator === 'In') return has && values.includes(labels[x.key]);
    if (x?.operator === 'NotIn') return !has || !values.includes(labels[x.key]);
    if (x?.operator === 'Exists') return has;
    if (x?.operator === 'DoesNotExist') return !has;
    return false;
  });
}

function ipv4(ip: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.some((p) => p > 255) ? undefined : parts.reduce((a, p) => a * 256 + p, 0);
}

function inCidr(ip: string | undefined, cidr: string): boolean {
  const [base, bits] = String(cidr).split('/');
  const wide = Number(bits) === 0;
  if (ip === undefined) return wide; // a host name: only a block of every address is sure to cover it
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return wide && ip.includes(':') === base.includes(':');
  const step = 2 ** (32 - Number(bits));
  return Math.floor(a / step) === Math.floor(b / step);
}

function peerMatches(policyNs: string, p: any, other: Peer): boolean {
  if (p?.ipBlock)
    return (
      other.external === true &&
      inCidr(other.ip, p.ipBlock.cidr) &&
      !list<string>(p.ipBlock.except).some((x) => inCidr(other.ip, x))
    );
  if (other.external) return false;
  if (p?.namespaceSelector)
    return (
      matches(p.namespaceSelector, other.nsLabels) && (p.podSelector ? matches(p.podSelector, other.labels) : true)
    );
  if (p?.podSelector) return other.namespace === policyNs && matches(p.podSelector, other.labels);
  return false;
}

/** A numeric port for a name on the destination pod, or undefined. */
export function resolvePort(port: number | string, protocol: string, dest: Peer): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return dest.ports.find((p) => p.name === port && p.protocol === protocol)?.port;
}

function portMatches(ports: unknown, port: number | string, protocol: string, dest: Peer): boolean {
  const rules = list(ports);
  if (rules.length === 0) return true;
  const n = resolvePort(port, protocol, dest);
  return rules.some((r) => {
    if ((r?.protocol ?? 'TCP') !== protocol) return false;
    if (r?.port === undefined) return true;
    const from = resolvePort(r.port, protocol, dest);
    if (from === undefined || n === undefined) return typeof r.port === 'string' && r.port === port;
    return typeof r.endPort === 'number' && typeof r.port === 'number' ? n >= from && n <= r.endPort : n === from;
  });
}

export interface Verdict {
  allowed: boolean;
  why: string;
}

/** One direction of a connection: the egress of `self` towards `other`, or the ingress of `self` from `other`. */
function direction(
  all: Policy[],
  dir: 'Ingress' | 'Egress',
  self: Peer,
  other: Peer,
  port: number | string,
  protocol: string,
  dest: Peer,
): Verdict {
  const dirWord = dir === 'Egress' ? 'egress' : 'ingress';
  if (!self.inTree) return { allowed: true, why: `${dirWord} of ${self.name} not restricted by the tree` };
  const selecting = all.filter(
    (p) =>
      p.namespace === (self.namespace ?? 'default') &&
      p.types.includes(dir) &&
      matches(p.spec.podSelector, self.labels),
  );
  if (selecting.length === 0) return { allowed: true, why: `${self.name} is not isolated for ${dirWord}` };
  for (const p of selecting) {
    for (const rule of list(dir === 'Egress' ? p.spec.egress : p.spec.ingress)) {
      const peers = list(dir === 'Egress' ? rule?.to : rule?.from);
      if (
        (peers.length === 0 || peers.some((x) => peerMatches(p.namespace, x, other))) &&
        portMatches(rule?.ports, port, protocol, dest)
      ) {
        return { allowed: true, why: `${dirWord} allowed by NetworkPolicy/${p.at.obj.metadata.name}` };
      }
    }
  }
  return {
    allowed: false,
    why: `${dirWord} of ${self.name} is isolated by ${selecting.map((p) => `NetworkPolicy/${p.at.obj.metadata.name}`).join(', ')} and no rule allows it`,
  };
}

export function evaluate(all: Policy[], from: Peer, to: Peer, port: number | string, protocol: string): Verdict {
  const out = direction(all, 'Egress', from, to, port, protocol, to);
  const inn = direction(all, 'Ingress', to, from, port, protocol, to);
  if (!out.allowed) return out;
  if (!inn.allowed) return inn;
  return { allowed: true, why: `${out.why}; ${inn.why}` };
}

/** Rules that open a direction to everyone: no peers at all, any namespace, or every address. */
export function openRules(all: Policy[], report: Report): void {
  for (const p of all) {
    for (const dir of ['ingress', 'egress'] as const) {
      list(p.spec[dir]).forEach((rule, i) => {
        const peers = list(dir === 'egress' ? rule?.to : rule?.from);
        const where = `${dir} rule ${i + 1} of NetworkPolicy/${p.at.obj.metadata.name}`;
        const ported = list(rule?.ports).length > 0;
        if (peers.length === 0) {
          report(
            p.at,
            ported ? 'warning' : 'error',
            'KK-CHK-NETPOL-OPEN',
            `${where} has no ${dir === 'egress' ? 'to' : 'from'}: it allows ${ported ? 'these ports' : 'all traffic'} ${dir === 'egress' ? 'to' : 'from'} anywhere`,
          );
          return;
        }
        for (const x of peers) {
          if (
            x?.namespaceSelector &&
            matches(x.namespaceSelector, undefined) &&
            (!x.podSelector || matches(x.podSelector, undefined))
          )
            report(p.at, 'warning', 'KK-CHK-NETPOL-OPEN', `${where} allows any pod in any namespace`);
          if (x?.ipBlock && /\/0$/.test(String(x.ipBlock.cidr)) && !list(x.ipBlock.except).length)
            report(p.at, 'warning', 'KK-CHK-NETPOL-OPEN', `${where} allows every address (${x.ipBlock.cidr})`);
        }
      });
    }
  }
}
