// Reachability: every flow the tree implies must be allowed by its NetworkPolicies,
// flows nothing asks for should be denied, and no rule may open a direction to all.
import type { ManifestSet } from '../readiness/manifest-set.js';
import { impliedFlows, unlistedProbes } from './flows.js';
import { evaluate, openRules, policies, resolvePort } from './netpol.js';
import { treePeers } from './peers.js';
import type { CheckFacts, Flow, MatrixRow, Peer, Report } from './types.js';

const where = (p: Peer) => (p.inTree && p.namespace ? `${p.name} (${p.namespace})` : p.name);

function portLabel(f: Flow): string {
  const n = resolvePort(f.port, f.protocol, f.to);
  return `${f.protocol}/${n ?? f.port}${typeof f.port === 'string' && n !== undefined ? ` (${f.port})` : ''}`;
}

function reachabilityMatrix(set: ManifestSet, facts: CheckFacts = {}): { rows: MatrixRow[]; flows: Flow[] } {
  const all = policies(set);
  const peers = treePeers(set);
  const flows = [...impliedFlows(set, peers, facts), ...unlistedProbes(peers)];
  const rows = flows.map((f): MatrixRow => {
    const v = evaluate(all, f.from, f.to, f.port, f.protocol);
    return {
      kind: f.kind,
      from: where(f.from),
      to: where(f.to),
      port: portLabel(f),
      expect: f.kind === 'unlisted' ? 'denied' : 'allowed',
      verdict: v.allowed ? 'allowed' : 'denied',
      why: v.why,
      because: f.because,
    };
  });
  return { rows, flows };
}

export function reachability(set: ManifestSet, report: Report, facts: CheckFacts = {}): MatrixRow[] {
  const { rows, flows } = reachabilityMatrix(set, facts);
  rows.forEach((r, i) => {
    if (r.expect === r.verdict) return;
    if (r.expect === 'allowed')
      report(
        flows[i].at,
        'error',
        'KK-CHK-REACH',
        `${r.kind} flow ${r.from} → ${r.to} ${r.port} (${r.because}) is denied: ${r.why}`,
      );
    else
      report(
        flows[i].at,
        'warning',
        'KK-CHK-NETPOL-UNLISTED',
        `${r.from} → ${r.to} ${r.port} is allowed though nothing needs it: ${r.why}`,
      );
  });
  openRules(policies(set), report);
  return rows;
}

/** The matrix as aligned text, one flow a line. */
export function formatMatrix(rows: MatrixRow[]): string {
  const cells = rows.map((r) => [
    r.verdict === r.expect ? r.verdict : `${r.verdict.toUpperCase()}!`,
    r.kind,
    r.from,
    '→',
    r.to,
    r.port,
    r.because,
  ]);
  const head = ['verdict', 'flow', 'from', '', 'to', 'port', 'because'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}
