// `npm run bench`: every benchmark reports ratios against a baseline measured in the
// same run, because absolute timings on shared machines are noise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'kaptain-kube.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 7);

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function startupBench() {
  const fixtures = readdirSync(join(root, 'fixtures'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'fixtures', d.name, 'app-config.yaml')))
    .map((d) => d.name);
  // Warm the compile cache and the file system once, as a user's second run would be.
  time(['-e', '']);
  const rows = [];
  for (const name of fixtures) {
    const out = mkdtempSync(join(tmpdir(), 'kk-bench-'));
    const config = join('fixtures', name, 'app-config.yaml');
    const deployArgs = (i) => [cli, 'deploy', config, '--generate-only', '--output-dir', join(out, String(i)), '--yes'];
    time(deployArgs('warm'));
    const base = [];
    const deploy = [];
    for (let i = 0; i < runs; i++) {
      // Interleave baseline and subject so drift affects both alike.
      base.push(time(['-e', '']));
      deploy.push(time(deployArgs(i)));
    }
    rmSync(out, { recursive: true, force: true });
    const ratio = median(deploy) / median(base);
    rows.push({ fixture: name, node_ms: median(base).toFixed(1), deploy_ms: median(deploy).toFixed(1), ratio: ratio.toFixed(2), limit: '8.00', ok: ratio <= 8 ? 'yes' : 'NO' });
  }
  console.log(`\ndeploy --generate-only vs bare node start (median of ${runs}, same run)`);
  console.table(rows);
  ladderBench();
  return rows.every((r) => r.ok === 'yes');
}

// Where a generation run's time goes, each step adding one stage to the one before:
// loading the CLI, then the session (config, Dockerfile analysis, plan), then the
// servers' generators, validation and writing. Same run, interleaved.
function ladderBench() {
  const config = join('fixtures', 'blog-api', 'app-config.yaml');
  const out = mkdtempSync(join(tmpdir(), 'kk-bench-'));
  const steps = [
    { step: 'node -e ""', args: () => ['-e', ''] },
    { step: 'kaptain-kube --version', args: () => [cli, '--version'] },
    { step: 'deploy --plan-only', args: () => [cli, 'deploy', config, '--plan-only'] },
    { step: 'deploy --generate-only', args: (i) => [cli, 'deploy', config, '--generate-only', '--output-dir', join(out, String(i)), '--yes'] },
  ].map((s) => ({ ...s, t: [] }));
  for (const s of steps) time(s.args('warm'));
  for (let i = 0; i < runs; i++) for (const s of steps) s.t.push(time(s.args(i)));
  rmSync(out, { recursive: true, force: true });
  const base = median(steps[0].t);
  console.log(`\nblog-api, stage by stage (median of ${runs}, ratios to bare node start)`);
  console.table(steps.map((s) => ({ step: s.step, ms: median(s.t).toFixed(1), ratio: (median(s.t) / base).toFixed(2) })));
}

const only = process.argv[2];
const benches = {
  startup: startupBench,
  mcp: () => spawnSync(process.execPath, [join(root, 'bench', 'mcp-calls.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  sessions: () => spawnSync(process.execPath, [join(root, 'bench', 'sessions.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  ui: () => spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'ui.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
};

let ok = true;
for (const [name, fn] of Object.entries(benches)) {
  if (only && only !== name) continue;
  if (name !== 'startup' && !existsSync(join(root, 'bench', `${name === 'mcp' ? 'mcp-calls' : name}.mjs`))) continue;
  ok = fn() && ok;
}
process.exitCode = ok ? 0 : 1;
