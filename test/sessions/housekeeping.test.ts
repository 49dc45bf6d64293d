// Sessions do not pile up: prune removes by age and by count, and leaves what someone
// may still need (in use, awaiting approval); a run's end status shows in the listing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/sessions/store.js';
import { parseDuration, formatTable, humanAge, humanBytes } from '../../src/terminal/table.js';

const started = {
  type: 'session.started' as const,
  sessionId: 'x',
  command: 'deploy' as const,
  inputs: { configPath: '/apps/blog-api/app-config.yaml' },
  versions: { kaptainKube: '0', node: 'v24' },
  planner: 'rules',
  policy: 'ask' as const,
};
const DAY = 86_400_000;

/** Sessions whose ids sort oldest first, as created one after another. */
async function storeWith(
  n: number,
  end?: (i: number) => { status: 'succeeded' | 'failed'; error?: string } | 'pending' | undefined,
) {
  const store = new SessionStore(mkdtempSync(join(tmpdir(), 'kk-prune-')));
  for (let i = 0; i < n; i++) {
    const f = store.create({ now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    await f.append(started);
    const how = end?.(i);
    if (how === 'pending')
      await f.append({
        type: 'tool.proposed',
        callId: 'c1',
        server: 's',
        tool: 't',
        args: {},
        reasons: [],
        step: 'x',
        readOnly: false,
      } as never);
    else if (how) await f.append({ type: 'session.ended', reason: how.status, ...how });
    f.close();
  }
  return store;
}

describe('sessions prune', () => {
  it('keeps the newest --keep and removes the rest', async () => {
    const store = await storeWith(5);
    const ids = store.ids();
    expect(store.prune({ keep: 2 })).toEqual(ids.slice(0, 3));
    expect(store.ids()).toEqual(ids.slice(3));
  });

  it('removes sessions older than --older-than, measured from when they started', async () => {
    const store = await storeWith(3);
    expect(store.prune({ olderThanMs: 30 * DAY })).toEqual([]);
    const removed = store.prune({ olderThanMs: 30 * DAY, now: Date.now() + 31 * DAY });
    expect(removed).toHaveLength(3);
    expect(store.ids()).toEqual([]);
  });

  it('--dry-run removes nothing; a session awaiting approval is never pruned', async () => {
    const store = await storeWith(3, (i) => (i === 0 ? 'pending' : undefined));
    expect(store.prune({ keep: 0, dryRun: true })).toHaveLength(2);
    expect(store.ids()).toHaveLength(3);
    store.prune({ keep: 0 });
    expect(store.list().map((s) => s.status)).toEqual(['awaiting approval']);
  });

  it('reads ages as 30d, 12h, 90m, 45s and refuses anything else', () => {
    expect(parseDuration('30d')).toBe(30 * DAY);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('thirty days')).toBeUndefined();
    expect(parseDuration('30')).toBeUndefined();
  });
});

describe('sessions list', () => {
  it('shows status (with the error of a failed run), app and size', async () => {
    const store = await storeWith(3, (i) =>
      i === 0 ? { status: 'failed', error: 'boom' } : i === 1 ? { status: 'succeeded' } : undefined,
    );
    const list = store.list();
    expect(list.map((s) => s.status)).toEqual(['failed', 'succeeded', 'open']);
    expect(list[0].error).toBe('boom');
    expect(list.every((s) => s.app === 'blog-api' && s.bytes > 100)).toBe(true);
  });

  it('aligns columns under a header row, whatever colour codes a cell holds', () => {
    const text = formatTable(
      ['NAME', 'STATUS', 'SIZE'],
      [
        ['a', '\u001b[31mfailed\u001b[39m', '1K'],
        ['long-name', 'ok', '300K'],
      ],
      ['SIZE'],
    );
    const lines = text
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('NAME       STATUS  SIZE');
    expect(
      lines.map((l) =>
        l.indexOf('ok') >= 0 ? l.indexOf('ok') : l.indexOf('STATUS') >= 0 ? l.indexOf('STATUS') : l.indexOf('failed'),
      ),
    ).toEqual([11, 11, 11]);
    expect(lines.map((l) => l.length)).toEqual([23, 23, 23]);
    expect(humanBytes(1536)).toBe('1.5K');
    expect(humanAge(3 * DAY)).toBe('3d');
  });
});
