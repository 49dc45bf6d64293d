import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SessionStore, SYNC_DELAY_MS, TranscriptError } from '../../src/sessions/store.js';
import { Redactor, secretValuesFromEnv, REDACTED } from '../../src/sessions/redact.js';
import { exportSession } from '../../src/sessions/export.js';
import { newSessionId, SESSION_ID } from '../../src/sessions/paths.js';
import { replay } from '../../src/sessions/state.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kk-sessions-'));
const started = {
  type: 'session.started' as const,
  sessionId: 'x',
  command: 'deploy' as const,
  inputs: { flags: {} },
  versions: { kaptainKube: '0', node: 'v24' },
  planner: 'rules',
  policy: 'ask' as const,
};
const cm = (name: string, size = 10) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { big: 'x'.repeat(size) },
});

describe('session store', () => {
  it('ids sort by time and match YYYYMMDD-HHMMSS-xxxx', () => {
    const id = newSessionId(new Date(Date.UTC(2026, 10, 25, 3, 4, 5)), () => 0.5);
    expect(id).toBe('20261125-030405-8000');
    expect(SESSION_ID.test(id)).toBe(true);
  });

  it('appends one line per event, tolerates a torn last line, and keeps appending cleanly after it', async () => {
    const store = new SessionStore(dir());
    const f = store.create();
    await f.append(started);
    await f.append({ type: 'user.message', text: 'hello' });
    f.close();
    appendFileSync(store.pathOf(f.id), '{"seq":2,"at":"x","type":"user.mess');
    const { file, events } = store.open('latest');
    expect(events.map((e) => e.type)).toEqual(['session.started', 'user.message']);
    await file.append({ type: 'user.message', text: 'again' });
    file.close();
    const lines = readFileSync(store.pathOf(f.id), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2])).toMatchObject({ seq: 2, text: 'again' });
  });

  it('writes each event at once but groups fsyncs: one per SYNC_DELAY_MS, on sync(), and on close', async () => {
    vi.useFakeTimers();
    try {
      const store = new SessionStore(dir());
      const f = store.create();
      await f.append(started);
      for (let i = 0; i < 50; i++) await f.append({ type: 'user.message', text: `m${i}` });
      // Written (readable by anyone, survives the process) before any fsync.
      expect(readFileSync(store.pathOf(f.id), 'utf8').trimEnd().split('\n')).toHaveLength(51);
      expect(f.syncs).toBe(0);
      vi.advanceTimersByTime(SYNC_DELAY_MS);
      expect(f.syncs).toBe(1);
      f.sync();
      expect(f.syncs).toBe(1);
      await f.append({ type: 'user.message', text: 'last' });
      f.sync();
      expect(f.syncs).toBe(2);
      await f.append({ type: 'user.message', text: 'after' });
      f.close();
      expect(f.syncs).toBe(3);
      vi.advanceTimersByTime(SYNC_DELAY_MS);
      expect(f.syncs).toBe(3);
      expect(store.open(f.id).events).toHaveLength(53);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a damaged middle line with file:line', async () => {
    const store = new SessionStore(dir());
    const f = store.create();
    await f.append(started);
    f.close();
    writeFileSync(store.pathOf(f.id), `garbage\n${readFileSync(store.pathOf(f.id), 'utf8')}`);
    expect(() => store.open(f.id)).toThrow(TranscriptError);
    expect(() => store.open(f.id)).toThrow(/\.jsonl:1:1: not a JSON event/);
  });

  it('stores large values once by content hash and resolves them on read', async () => {
    const store = new SessionStore(dir());
    const f = store.create();
    await f.append(started);
    const files = [{ path: 'a.yaml', objects: [cm('a', 5000)] }];
    for (let i = 0; i < 3; i++)
      await f.append({ type: 'workspace.changed', callId: `c${i}`, key: 'k', order: 0, files, diff: [] });
    f.close();
    const blobs = readdirSync(`${store.pathOf(f.id).replace(/\.jsonl$/, '')}.blobs`);
    expect(blobs).toHaveLength(1);
    expect(readFileSync(store.pathOf(f.id), 'utf8').length).toBeLessThan(2000);
    const { events } = store.open(f.id);
    expect(events[3]).toMatchObject({ type: 'workspace.changed', files });
  });

  it('never writes a secret value: known values, secret-named fields and Secret data', async () => {
    const store = new SessionStore(
      dir(),
      new Redactor(secretValuesFromEnv({ OPENAI_API_KEY: 'sk-test-123456789', HOME: '/root' })),
    );
    const f = store.create();
    f.addSecrets(['mcp-token-abcdef']);
    await f.append(started);
    await f.append({ type: 'user.message', text: 'my key is sk-test-123456789 and token mcp-token-abcdef' });
    await f.append({
      type: 'tool.proposed',
      callId: 'c1',
      server: 's',
      tool: 't',
      readOnly: true,
      reasons: [],
      args: {
        password: 'hunter2hunter2',
        nested: { apiKey: 'zzzzzzzz' },
        secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dmFsdWU=' } },
      },
    });
    f.close();
    const raw = readFileSync(store.pathOf(f.id), 'utf8');
    for (const v of ['sk-test-123456789', 'mcp-token-abcdef', 'hunter2hunter2', 'zzzzzzzz', 'dmFsdWU='])
      expect(raw).not.toContain(v);
    expect(raw).toContain(REDACTED);
  });

  it('resolves latest, prefixes and names; lists pending approvals; deletes', async () => {
    const store = new SessionStore(dir());
    const a = store.create({ now: new Date(Date.UTC(2026, 0, 1)) });
    await a.append({ ...started, name: 'first' });
    a.close();
    const b = store.create({ now: new Date(Date.UTC(2026, 0, 2)) });
    await b.append(started);
    await b.append({
      type: 'tool.proposed',
      callId: 'c1',
      server: 's',
      tool: 't',
      readOnly: false,
      reasons: [],
      args: {},
    });
    b.close();
    expect(store.resolve('latest')).toBe(b.id);
    expect(store.resolve('first')).toBe(a.id);
    expect(store.resolve(a.id.slice(0, 10))).toBe(a.id);
    expect(store.list().map((s) => [s.id, s.pending, s.name])).toEqual([
      [a.id, false, 'first'],
      [b.id, true, undefined],
    ]);
    store.delete(a.id);
    expect(store.ids()).toEqual([b.id]);
    expect(() => store.resolve('nope')).toThrow(/no session "nope"/);
  });
});

describe('export', () => {
  const events = () => {
    const e: unknown[] = [
      { ...started, seq: 0, at: 't' },
      {
        type: 'tool.proposed',
        seq: 1,
        at: 't',
        callId: 'c1',
        server: 's',
        tool: 'ns',
        readOnly: true,
        reasons: ['r'],
        args: {},
      },
      { type: 'tool.decided', seq: 2, at: 't', callId: 'c1', decision: 'approve', by: 'user' },
      {
        type: 'workspace.changed',
        seq: 3,
        at: 't',
        callId: 'c1',
        key: 's/ns',
        order: 0,
        files: [
          {
            path: 'k8s-manifests/01-namespace.yaml',
            objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }],
          },
        ],
        diff: [
          { path: 'k8s-manifests/01-namespace.yaml', change: 'added', added: 4, removed: 0, patch: '+kind: Namespace' },
        ],
      },
      {
        type: 'tool.proposed',
        seq: 4,
        at: 't',
        callId: 'c2',
        server: 's',
        tool: 'cm',
        readOnly: true,
        reasons: [],
        args: {},
      },
      {
        type: 'tool.decided',
        seq: 5,
        at: 't',
        callId: 'c2',
        decision: 'reject',
        by: 'user',
        reason: 'no configmap please',
      },
    ];
    return e as Parameters<typeof replay>[0] extends Iterable<infer T> ? T[] : never;
  };

  it('manifests and kustomize contain only approved changes', () => {
    const m = exportSession(events(), 'manifests');
    expect([...m.keys()]).toEqual(['k8s-manifests/01-namespace.yaml']);
    const k = exportSession(events(), 'kustomize');
    expect(k.get('kustomization.yaml')).toContain('- k8s-manifests/01-namespace.yaml');
    expect(k.get('kustomization.yaml')).toContain('namespace: app');
  });

  it('markdown shows each call, decision and diff', () => {
    const md = exportSession(events(), 'markdown').get('session.md')!;
    expect(md).toContain('### Tool call `s/ns`');
    expect(md).toContain('**Decision:** approve by user');
    expect(md).toContain('**Decision:** reject by user — no configmap please');
    expect(md).toContain('```diff');
  });
});
