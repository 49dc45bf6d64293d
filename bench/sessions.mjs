// Session transcript benchmarks: event append latency (written at once, fsync grouped)
// and resume of a 10,000-event session (read + replay), reported with a same-run
// baseline: parsing the same bytes with JSON.parse alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { SessionStore } = await import(join(root, 'dist/src/sessions/store.js'));
const { replay } = await import(join(root, 'dist/src/sessions/state.js'));

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function fileObjects(i) {
  return [
    {
      path: `k8s-manifests/${String(i % 14).padStart(2, '0')}.yaml`,
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${i}` },
          data: { config: 'x'.repeat(400 + (i % 7) * 100) },
        },
      ],
    },
  ];
}

async function buildSession(store, events) {
  const f = store.create();
  await f.append({
    type: 'session.started',
    sessionId: f.id,
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: 'bench', node: process.version },
    planner: 'rules',
    policy: 'yes',
  });
  let n = 1;
  for (let i = 0; n < events; i++) {
    const callId = `call-${i}`;
    const files = fileObjects(i);
    const batch = [
      {
        type: 'tool.proposed',
        callId,
        server: 'k8s-manifest-generator',
        tool: 'generate_configmap',
        args: { app: { name: `app-${i % 50}`, ports: [3000] } },
        readOnly: true,
        reasons: ['bench'],
        diff: [{ path: files[0].path, change: 'added', added: 6, removed: 0, patch: `+data ${i}` }],
      },
      { type: 'tool.decided', callId, decision: 'approve', by: 'policy', policy: 'yes' },
      {
        type: 'tool.result',
        callId,
        isError: false,
        text: `generated ${files[0].path}`,
        structured: { files, findings: [], reasons: [] },
      },
      { type: 'workspace.changed', callId, key: `s/t${i % 30}`, order: i % 30, files, diff: [] },
    ];
    for (const e of batch) {
      if (n >= events) break;
      await f.append(e);
      n++;
    }
  }
  f.close();
  return f.id;
}

const dir = mkdtempSync(join(tmpdir(), 'kk-bench-sessions-'));
try {
  const store = new SessionStore(dir);

  // Append latency: grouped fsync (the store's behaviour) against an fsync per event
  // (calling sync() after each append), interleaved so drift hits both alike.
  const grouped = store.create();
  const each = store.create();
  const lat = [];
  const latEach = [];
  for (let i = 0; i < 1000; i++) {
    let t0 = process.hrtime.bigint();
    await grouped.append({ type: 'user.message', text: `message ${i}` });
    lat.push(ms(t0));
    t0 = process.hrtime.bigint();
    await each.append({ type: 'user.message', text: `message ${i}` });
    each.sync();
    latEach.push(ms(t0));
  }
  grouped.close();
  each.close();

  // Resume of a 10,000-event session, cold caches per run (a new store each time).
  const id = await buildSession(store, 10_000);
  const resume = [];
  const base = [];
  let count = 0;
  for (let run = 0; run < 7; run++) {
    const t1 = process.hrtime.bigint();
    const text = readFileSync(store.pathOf(id), 'utf8');
    for (const line of text.split('\n')) if (line) JSON.parse(line);
    base.push(ms(t1));
    const t0 = process.hrtime.bigint();
    const { events } = new SessionStore(dir).open(id);
    const state = replay(events);
    resume.push(ms(t0));
    count = events.length;
    if (Object.keys(state.workspace).length === 0) throw new Error('replay produced no workspace');
  }
  const median = (xs) => pct(xs, 50);
  console.log('\nsession transcripts');
  console.table([
    {
      measure: `append, fsync grouped (${grouped.syncs} fsyncs for 1000 events)`,
      p50_ms: pct(lat, 50).toFixed(3),
      p99_ms: pct(lat, 99).toFixed(3),
      ratio: (lat.reduce((a, b) => a + b, 0) / latEach.reduce((a, b) => a + b, 0)).toFixed(2),
    },
    {
      measure: 'baseline: append + fsync per event',
      p50_ms: pct(latEach, 50).toFixed(3),
      p99_ms: pct(latEach, 99).toFixed(3),
    },
    {
      measure: `resume ${count} events (read+validate+replay)`,
      p50_ms: median(resume).toFixed(1),
      p99_ms: Math.max(...resume).toFixed(1),
      limit_ms: 300,
      ok: median(resume) <= 300 ? 'yes' : 'NO',
    },
    {
      measure: 'baseline: JSON.parse of the same lines',
      p50_ms: median(base).toFixed(1),
      ratio: (median(resume) / median(base)).toFixed(1),
    },
  ]);
  process.exitCode = median(resume) <= 300 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
