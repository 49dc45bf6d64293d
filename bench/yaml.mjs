// Rendering manifest objects to YAML: every object of every fixture's golden tree through
// yaml's stringify (the reference) and through renderYaml (the direct emitter), interleaved
// in one process, fresh objects each round so no cache hides the work; ratio of medians.
// Then cold: one fresh process per sample renders the objects once by either path.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const { OPTIONS, renderYaml, yamlToObjects } = await import(join(root, 'dist/src/manifests/yaml.js'));
const runs = Math.max(9, Number(process.env.BENCH_RUNS ?? 15));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// As JSON text, so each round parses fresh objects outside the timed part.
const golden = join(root, 'test', 'e2e', 'golden', 'trees');
const json = readdirSync(golden, { recursive: true })
  .filter((p) => p.endsWith('.yaml'))
  .flatMap((p) => yamlToObjects(readFileSync(join(golden, p), 'utf8'), p).map((o) => JSON.stringify(o)));
const fresh = () => json.map((t) => JSON.parse(t));
const paths = { old: (o) => stringify(o, OPTIONS), new: (o) => renderYaml(o) };

const render = (path, objects) => {
  const fn = paths[path];
  const t0 = process.hrtime.bigint();
  for (const o of objects) fn(o);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

if (process.argv[2] === '--cold') {
  // One cold render of every object in a fresh process (modules loaded, nothing rendered yet).
  process.stdout.write(String(render(process.argv[3], fresh())));
} else {
  for (const o of fresh()) {
    if (paths.new(o) !== paths.old(o)) throw new Error(`renderYaml differs from stringify for ${JSON.stringify(o)}`);
  }
  const warm = { old: [], new: [] };
  for (let i = 0; i < runs + 2; i++) {
    const order = i % 2 ? ['new', 'old'] : ['old', 'new'];
    for (const p of order) {
      const t = render(p, fresh());
      if (i >= 2) warm[p].push(t);
    }
  }
  const cold = { old: [], new: [] };
  for (let i = 0; i < runs; i++) {
    for (const p of i % 2 ? ['new', 'old'] : ['old', 'new']) {
      const r = spawnSync(process.execPath, [self, '--cold', p], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      cold[p].push(Number(r.stdout));
    }
  }
  const line = (label, m) =>
    `yaml: ${label} ${json.length} objects: stringify ${median(m.old).toFixed(1)} ms, renderYaml ` +
    `${median(m.new).toFixed(1)} ms, ratio new/old ${(median(m.new) / median(m.old)).toFixed(3)} (median of ${runs})`;
  console.log(line('warm', warm));
  console.log(line('cold', cold));
}
