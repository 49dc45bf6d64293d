// `npm run bench`: every benchmark reports ratios against a baseline measured in the
// same run, because absolute timings on shared machines are noise.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startupBench } from './startup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'kaptain-kube.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 9);

// One benchmark by name: `npm run bench -- ui`, or BENCH_FILTER=ui.
const only = process.argv[2] ?? process.env.BENCH_FILTER;
const benches = {
  startup: () => startupBench({ root, cli, runs }),
  mcp: () =>
    spawnSync(process.execPath, [join(root, 'bench', 'mcp-calls.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  sessions: () =>
    spawnSync(process.execPath, [join(root, 'bench', 'sessions.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  'card-review': () =>
    spawnSync(process.execPath, [join(root, 'bench', 'card-review.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  system: () =>
    spawnSync(process.execPath, [join(root, 'bench', 'system.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  pager: () =>
    spawnSync(process.execPath, [join(root, 'bench', 'pager.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  yaml: () =>
    spawnSync(process.execPath, [join(root, 'bench', 'yaml.mjs')], { stdio: 'inherit', cwd: root }).status === 0,
  ui: () =>
    spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'ui.mjs')], { stdio: 'inherit', cwd: root })
      .status === 0,
};

let ok = true;
for (const [name, fn] of Object.entries(benches)) {
  if (only && only !== name) continue;
  if (name !== 'startup' && !existsSync(join(root, 'bench', `${name === 'mcp' ? 'mcp-calls' : name}.mjs`))) continue;
  ok = (await fn()) && ok;
}
process.exitCode = ok ? 0 : 1;
