// Card review benchmark: computing a card's verdict (the manifest checks on the tree before
// and after the call) and blast radius (offline: no cluster) for blog-api's largest call,
// against a same-run baseline: computing that call's diff alone. p95 over 60 runs each,
// interleaved so drift hits both alike.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordDeploy } from './shared/deploy-session.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(join(root, 'dist', p));
const { renderWorkspace, touchedPaths, withContribution, withoutStep } = await load('src/manifests/workspace.js');
const { diffTrees } = await load('src/manifests/diff.js');
const { cardVerdict } = await load('src/agent/card-verdict.js');
const { blastRadius } = await load('src/agent/blast-radius.js');

const RUNS = Math.max(50, Number(process.env.BENCH_CARD_RUNS ?? 60));
const LIMIT_MS = 50;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// The blog-api deploy, every call approved by policy, recorded in memory.
const events = await recordDeploy(join(root, 'dist'), join(root, 'fixtures', 'blog-api', 'app-config.yaml'));

// The tree before and after each change; the largest call is the one whose diff has the most lines.
let ws = {};
let largest;
for (const e of events) {
  if (e.type !== 'workspace.changed') continue;
  const before = ws;
  ws = e.files.length ? withContribution(ws, { step: e.key, order: e.order, files: e.files }) : withoutStep(ws, e.key);
  const lines = e.diff.reduce((n, d) => n + d.added + d.removed, 0);
  if (!largest || lines > largest.lines) largest = { key: e.key, files: e.files, before, after: ws, lines };
}

const { before, after, key, files } = largest;
const diffOnly = () => {
  const paths = touchedPaths(before, key, files);
  return diffTrees(renderWorkspace(before, paths), renderWorkspace(after, paths));
};
// Each run reviews the call's result as new objects, as a real call brings them (the tree
// before it was the previous call's tree after, whose findings the verdict keeps).
const fresh = () => ({ ...after, [key]: { ...after[key], files: structuredClone(after[key].files) } });
const review = (next = fresh()) => Promise.all([cardVerdict(before, next), blastRadius(before, next)]);

// The measure must do the work: this call adds findings (its NetworkPolicies isolate the app).
const [verdict] = await review();
if (verdict.added.length === 0) throw new Error(`no findings for ${key}: the verdict did not run`);
for (let i = 0; i < 5; i++) {
  diffOnly();
  await review();
}
const base = [];
const card = [];
for (let i = 0; i < RUNS; i++) {
  let t0 = process.hrtime.bigint();
  diffOnly();
  base.push(ms(t0));
  t0 = process.hrtime.bigint();
  await review();
  card.push(ms(t0));
}
const p95 = pct(card, 95);
console.log(`\ncard review: blog-api's largest call (${key}, ${largest.lines} diff lines), ${RUNS} runs`);
console.table([
  {
    measure: 'verdict + blast radius (no cluster)',
    p50_ms: pct(card, 50).toFixed(2),
    p95_ms: p95.toFixed(2),
    limit_ms: LIMIT_MS,
    ok: p95 <= LIMIT_MS ? 'yes' : 'NO',
    ratio_p50: (pct(card, 50) / pct(base, 50)).toFixed(1),
    ratio_p95: (p95 / pct(base, 95)).toFixed(1),
  },
  {
    measure: 'baseline: the same call’s diff alone',
    p50_ms: pct(base, 50).toFixed(2),
    p95_ms: pct(base, 95).toFixed(2),
  },
]);
process.exitCode = p95 <= LIMIT_MS ? 0 : 1;
