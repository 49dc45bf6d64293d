// One process generates many apps: `deploy DIR --generate-only` of a 12-app system
// against `deploy --generate-only` of one of its apps, interleaved in the same run (so
// load drift hits both alike), as a ratio of medians; peak resident memory of each from
// GNU time where it is installed. The apps are built from the compose-shop fixture's
// Dockerfiles, each calling the one before it (spec.connectsTo).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'kaptain-kube.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const APPS = 12;
const LIMIT = 3;

const project = mkdtempSync(join(tmpdir(), 'kk-bench-system-'));
for (const d of ['api', 'web'])
  cpSync(join(root, 'fixtures', 'compose-shop', d), join(project, d), { recursive: true });
const name = (i) => `svc${String(i).padStart(2, '0')}`;
for (let i = 1; i <= APPS; i++) {
  const [dir, port] = i % 2 ? ['web', 8080] : ['api', 3000];
  writeFileSync(
    join(project, `${name(i)}.app-config.yaml`),
    [
      'apiVersion: kaptainkube.dev/v1',
      'kind: AppDeployment',
      'metadata:',
      `  name: ${name(i)}`,
      '  namespace: shop',
      'spec:',
      `  dockerfile: ./${dir}/Dockerfile`,
      `  buildContext: ./${dir}`,
      `  image: ghcr.io/example/${name(i)}:1.0.0`,
      '  ports:',
      `    - port: ${port}`,
      '      protocol: HTTP',
      ...(i > 1 ? ['  connectsTo:', `    - ${name(i - 1)}`] : []),
      '',
    ].join('\n'),
  );
}

const out = mkdtempSync(join(tmpdir(), 'kk-bench-system-out-'));
let n = 0;
const env = { ...process.env, NO_COLOR: '1', XDG_DATA_HOME: join(out, 'data'), XDG_STATE_HOME: join(out, 'state') };
const args = (target) => [cli, 'deploy', target, '--generate-only', '--output-dir', join(out, String(n++)), '--yes'];
const one = () => args(join(project, `${name(1)}.app-config.yaml`));
const system = () => args(project);

const time = (a) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, a, { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${a.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const peakMiB = (a) => {
  if (!existsSync('/usr/bin/time')) return 'n/a';
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...a], { cwd: root, env, encoding: 'utf8' });
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MiB` : 'n/a';
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm the compile cache and the file system once, as a user's second run would be.
time(one());
const base = [];
const many = [];
for (let i = 0; i < runs; i++) {
  base.push(time(one()));
  many.push(time(system()));
}
const ratio = median(many) / median(base);
console.log(`system bench (load ${loadavg()[0].toFixed(2)}, ${runs} runs each, medians)`);
console.log(`  deploy --generate-only, 1 app:   ${median(base).toFixed(0)} ms, peak RSS ${peakMiB(one())}`);
console.log(`  deploy --generate-only, ${APPS} apps: ${median(many).toFixed(0)} ms, peak RSS ${peakMiB(system())}`);
console.log(`  ratio ${ratio.toFixed(2)}× (limit ${LIMIT}×) ${ratio <= LIMIT ? 'ok' : 'OVER'}`);
// What the one run saves against deploying the apps one by one (each run as long as the one-app run).
console.log(
  `  against ${APPS} separate runs (≈ ${APPS} × 1 app = ${(APPS * median(base)).toFixed(0)} ms): ${((APPS * median(base)) / median(many)).toFixed(1)}× faster`,
);
process.exitCode = ratio <= LIMIT ? 0 : 1;
