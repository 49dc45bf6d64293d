// `sessions list` reads a transcript's lines, not the results stored beside them, and
// says what reading the whole session would: the same command, name, app, event count,
// pending call and end, for sessions written now and by earlier builds.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/sessions/store.js';
import { BlobStore } from '../../src/sessions/blobs.js';
import { summarizeTranscript } from '../../src/sessions/summary.js';
import type { SessionEvent } from '../../src/sessions/events.js';
import { REPO } from '../helpers/cli.js';

/** What the whole transcript, read and checked, says a listing should show. */
function fromEvents(events: SessionEvent[]) {
  const started = events.find((e) => e.type === 'session.started');
  const ended = events.find((e) => e.type === 'session.ended');
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'tool.proposed') open.add(e.callId);
    if (e.type === 'tool.decided') open.delete(e.callId);
  }
  return {
    command: started?.command,
    name: started?.name,
    startedAt: started?.at,
    configPath: started?.inputs.configPath,
    events: events.length,
    pending: open.size > 0,
    ended: ended ? { reason: ended.reason, status: ended.status, error: ended.error } : undefined,
  };
}

const big = 'x'.repeat(5000);

async function sessionWith(dir: string, decided: boolean) {
  const store = new SessionStore(dir);
  const f = store.create();
  await f.append({
    type: 'session.started',
    sessionId: f.id,
    name: 'review',
    command: 'chat',
    inputs: { configPath: '/apps/shop/app-config.yaml', flags: { note: big } },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'rules',
    policy: 'ask',
  } as never);
  await f.append({ type: 'assistant.message', text: big } as never);
  await f.append({
    type: 'tool.proposed',
    callId: 'call-0001',
    server: 's',
    tool: 't',
    args: { yaml: big },
    reasons: [],
    readOnly: false,
  } as never);
  if (decided) {
    await f.append({ type: 'tool.decided', callId: 'call-0001', decision: 'approve', by: 'user' } as never);
    await f.append({ type: 'session.ended', reason: 'done', status: 'failed', error: 'boom' } as never);
  }
  f.close();
  return { store, id: f.id, path: join(dir, `${f.id}.jsonl`) };
}

const blobsOf = (path: string) => new BlobStore(path.replace(/\.jsonl$/, '.blobs'));

describe('a listing of a session', () => {
  it.each([true, false])('says what the whole transcript says (call decided: %s)', async (decided) => {
    const { store, id, path } = await sessionWith(mkdtempSync(join(tmpdir(), 'kk-summary-')), decided);
    expect(summarizeTranscript(path, blobsOf(path))).toEqual(fromEvents(store.open(id).events));
  });

  it('says so for transcripts written by an earlier build', () => {
    const dir = join(REPO, 'test', 'fixtures', 'transcripts-v0', 'sessions');
    const store = new SessionStore(dir);
    const ids = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    expect(ids.length).toBeGreaterThan(0);
    for (const file of ids) {
      const path = join(dir, file);
      expect(summarizeTranscript(path, blobsOf(path))).toEqual(fromEvents(store.open(file.slice(0, -6)).events));
    }
  });

  it('opens none of the stored results but the large inputs it shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-summary-'));
    const { store, id } = await sessionWith(dir, true);
    const before = store.list()[0];
    // Every stored result but the session's inputs is gone: the listing does not notice.
    const blobs = join(dir, `${id}.blobs`);
    const inputs = store.open(id).events[0];
    const keep = new BlobStore(blobs);
    const inputsBlob = keep.put((inputs as { inputs: unknown }).inputs).$blob;
    for (const b of readdirSync(blobs)) if (!b.startsWith(inputsBlob)) rmSync(join(blobs, b));
    const after = store.list()[0];
    expect({ ...after, bytes: 0 }).toEqual({ ...before, bytes: 0 });
    expect(after.status).toBe('failed');
    // Reading the session whole still finds the damage, with the file and line.
    expect(() => store.open(id)).toThrow(/:2:1: a stored value it refers to is missing/);
  });

  it('a damaged line in the middle still lists the session as corrupt, with the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-summary-'));
    const { store, path } = await sessionWith(dir, true);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 40);
    writeFileSync(path, lines.join('\n'));
    expect(store.list()[0]).toMatchObject({ status: 'corrupt', corrupt: expect.stringContaining(`${path}:3:1`) });
  });
});
