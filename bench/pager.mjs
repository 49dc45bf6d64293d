// Diff pager benchmark with Ink's real renderer on an in-memory 80×24 TTY: keystroke →
// frame while the pager shows a 2,000-line diff above a 2,000-item transcript, against a
// same-run baseline: the same keys on the same diff with an empty transcript.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeTty, mount, pct, session } from './ui-harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { diffTrees } = await import(join(root, 'dist/src/manifests/diff.js'));

const LIMIT_MS = 16;
const KEYS = Math.max(100, Number(process.env.BENCH_PAGER_KEYS ?? 300));
const ROWS = 24;
// A reader's pause between keys; the ui benchmark types at the same pace.
const BETWEEN_MS = 10;

// One added file of 2,000 lines (plus its hunk header), as a generator's large output would be.
const text = Array.from({ length: 2000 }, (_, i) => `        - name: SETTING_${i}\n          value: "${i}"`)
  .join('\n')
  .split('\n')
  .slice(0, 2000)
  .join('\n');
const diff = diffTrees(new Map(), new Map([['k8s-manifests/04-deployment.yaml', `${text}\n`]]));
const proposal = {
  type: 'tool.proposed',
  seq: 1,
  at: 'T',
  callId: 'call-bench',
  server: 'k8s-manifest-generator',
  tool: 'generate_deployment',
  args: { app: { name: 'bench' } },
  readOnly: true,
  reasons: ['a large diff to page through'],
  diff,
};

const tick = () => new Promise((r) => setImmediate(r));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Latencies of `KEYS` presses of j / k (down, up) in the open pager over a transcript of `items`. */
async function pagerKeys(items) {
  const controller = await session(items);
  const tty = fakeTty(80, ROWS);
  const screen = mount(controller, tty);
  void controller.approver(proposal).catch(() => undefined);
  while (controller.view.mode !== 'approval') await tick();
  tty.stdin.write('d');
  while (controller.view.mode !== 'pager') await tick();
  await sleep(100);
  if (controller.view.pager.lines.length < 2000) throw new Error('the pager shows fewer than 2,000 lines');
  const lat = [];
  const cpu = [];
  for (let i = 0; i < KEYS; i++) {
    // Down from the top, then up again: each frame names its own first line.
    const key = i % 2 ? 'k' : 'j';
    const want = `· lines ${i % 2 ? 1 : 2}–`;
    screen.reset();
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    tty.stdin.write(key);
    while (!screen.frames().includes(want)) await tick();
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    // Let the frame budget elapse between keys, as a reader would.
    await sleep(BETWEEN_MS);
  }
  controller.stop();
  screen.app.unmount();
  return { lat, cpu };
}

// Interleaved rounds, so drift on a shared machine hits both alike.
const base = { lat: [], cpu: [] };
const full = { lat: [], cpu: [] };
for (let round = 0; round < 3; round++) {
  for (const [into, items] of [
    [base, 1],
    [full, 2000],
  ]) {
    const r = await pagerKeys(items);
    into.lat.push(...r.lat);
    into.cpu.push(...r.cpu);
  }
}
const p95 = pct(full.lat, 95);
const ratio = p95 / Math.max(0.01, pct(base.lat, 95));
console.log('\ndiff pager (Ink, 80×24 in-memory TTY, 2,000-line diff)');
// Wall time is what a reader waits; CPU time (this process only) is the render's own cost,
// which other work on a shared machine does not inflate.
console.table([
  {
    measure: 'keystroke → frame, empty transcript (baseline)',
    p50_ms: pct(base.lat, 50).toFixed(2),
    p95_ms: pct(base.lat, 95).toFixed(2),
    cpu_p95_ms: pct(base.cpu, 95).toFixed(2),
  },
  {
    measure: 'keystroke → frame, 2,000-item transcript',
    p50_ms: pct(full.lat, 50).toFixed(2),
    p95_ms: p95.toFixed(2),
    cpu_p95_ms: pct(full.cpu, 95).toFixed(2),
    ratio_p95: ratio.toFixed(2),
    limit_ms: LIMIT_MS,
    ok: p95 <= LIMIT_MS ? 'yes' : 'NO',
  },
]);
process.exitCode = p95 <= LIMIT_MS ? 0 : 1;
