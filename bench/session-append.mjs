// Appending the events of a real deploy session (fixtures/blog-api, generated in-process)
// to a fresh transcript, two builds interleaved in the same run (so load drift hits both
// alike), as a ratio of medians. Both builds must write the same bytes.
// Usage: node bench/session-append.mjs [OLD NEW], each a folder in the repository holding
// src/ compiled by tsc (tsc -p tsconfig.json --outDir dist-old); both default to dist.
// BENCH_FIXTURES=a,b appends several apps' sessions; BENCH_RUNS sets the runs.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recordDeploy } from './shared/deploy-session.mjs';

const [oldRoot, newRoot] = [process.argv[2] ?? 'dist', process.argv[3] ?? 'dist'].map((p) => resolve(p));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const fixtures = (process.env.BENCH_FIXTURES ?? 'blog-api').split(',');
const load = async (root) => ({
  store: await import(join(root, 'src/sessions/store.js')),
  redact: await import(join(root, 'src/sessions/redact.js')),
});
const [A, B] = [await load(oldRoot), await load(newRoot)];

// A real session's events, as the engine hands them to its sink (frozen manifests shared).
const sessions = [];
for (const f of fixtures) {
  const events = await recordDeploy(newRoot, join(newRoot, '..', 'fixtures', f, 'app-config.yaml'), 't');
  sessions.push(events.map(({ seq, at, ...e }) => e));
}
const events = sessions.flat();

// BENCH_TMP=/dev/shm leaves out the disk: what remains is the CPU's part.
const dir = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'kk-bench-append-'));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let n = 0;
async function once(impl) {
  // One store (one redactor) per session, as one CLI run has.
  const store = new impl.store.SessionStore(join(dir, String(n++)), new impl.redact.Redactor(['bench-secret-value']));
  const files = [];
  const t0 = process.hrtime.bigint();
  for (const evs of sessions) {
    const f = store.create();
    for (const e of evs) await f.append(e);
    f.close();
    files.push(f);
  }
  return { ms: ms(t0), store, files };
}
const bytes = ({ store, files }) =>
  files
    .map((f) => {
      const blobs = readdirSync(f.blobs.dir).sort();
      return [readFileSync(f.path, 'utf8'), ...blobs.map((b) => b + readFileSync(join(f.blobs.dir, b), 'utf8'))].join(
        '\0',
      );
    })
    .join('\0');
try {
  const a = [];
  const b = [];
  for (let i = 0; i < runs + 2; i++) {
    // Alternate which goes first: the second of a pair runs on a warmer heap.
    const [ra, rb] = i % 2 ? [await once(A), await once(B)] : (([y, x]) => [x, y])([await once(B), await once(A)]);
    if (i === 0 && bytes(ra).replace(/"at":"[^"]*"/g, '') !== bytes(rb).replace(/"at":"[^"]*"/g, ''))
      throw new Error('the two builds wrote different bytes');
    if (i >= 2) {
      a.push(ra.ms);
      b.push(rb.ms);
    }
  }
  console.log(
    `append ${events.length} events (${fixtures.join(',')}), ${runs} runs each, medians: ` +
      `old ${median(a).toFixed(2)} ms, new ${median(b).toFixed(2)} ms, new/old ${(median(b) / median(a)).toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
