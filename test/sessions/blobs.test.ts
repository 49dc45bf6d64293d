// The blob store writes a value once per session: a blob it has written or read before
// costs no look at the disk, and its folder is made with the first blob, not before each.
// An event's line is the same JSON as stringifying it with large fields replaced.
import { createHash } from 'node:crypto';
import * as realFs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BlobStore } from '../../src/sessions/blobs.js';

// Counting stand-in for node:fs: the real calls, counted, so disk work is visible.
const fsCalls = vi.hoisted(() => ({ existsSync: 0, mkdirSync: 0, writeFileSync: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const counted =
    <A extends unknown[], R>(name: keyof typeof fsCalls, f: (...a: A) => R) =>
    (...a: A): R => {
      fsCalls[name]++;
      return f(...a);
    };
  return {
    ...fs,
    existsSync: counted('existsSync', fs.existsSync),
    mkdirSync: counted('mkdirSync', fs.mkdirSync),
    writeFileSync: counted('writeFileSync', fs.writeFileSync),
  };
});

const big = (n: number) => ({ kind: 'ConfigMap', data: { note: `${n}`.padEnd(3000, 'x') } });
const blobsDir = () => join(mkdtempSync(join(tmpdir(), 'kk-blobs-')), 's.blobs');

beforeEach(() => {
  fsCalls.existsSync = fsCalls.mkdirSync = fsCalls.writeFileSync = 0;
});

describe('blob store', () => {
  it('puts a value again in the same session without touching the disk', () => {
    const blobs = new BlobStore(blobsDir());
    const refs = [blobs.put(big(1))];
    expect(fsCalls.existsSync).toBe(1);
    fsCalls.existsSync = fsCalls.mkdirSync = fsCalls.writeFileSync = 0;
    refs.push(blobs.put(big(1)), blobs.put(big(1)));
    expect(new Set(refs.map((r) => r.$blob)).size).toBe(1);
    expect(fsCalls).toEqual({ existsSync: 0, mkdirSync: 0, writeFileSync: 0 });
    expect(JSON.parse(readFileSync(join(blobs.dir, `${refs[0].$blob}.json`), 'utf8'))).toEqual(big(1));
  });

  it('makes its folder with the first blob only', () => {
    const blobs = new BlobStore(blobsDir());
    for (let i = 0; i < 4; i++) blobs.put(big(i));
    expect(fsCalls.mkdirSync).toBe(1);
    expect(readdirSync(blobs.dir)).toHaveLength(4);
  });

  it('makes the folder again when it went away', () => {
    const blobs = new BlobStore(blobsDir());
    blobs.put(big(1));
    rmSync(blobs.dir, { recursive: true });
    const ref = blobs.put(big(2));
    expect(readdirSync(blobs.dir)).toEqual([`${ref.$blob}.json`]);
  });

  it('does not write again a blob it read from disk', () => {
    const dir = blobsDir();
    const ref = new BlobStore(dir).put(big(1));
    const reader = new BlobStore(dir);
    reader.get(ref);
    fsCalls.existsSync = fsCalls.writeFileSync = 0;
    expect(reader.put(big(1))).toEqual(ref);
    expect(fsCalls).toMatchObject({ existsSync: 0, writeFileSync: 0 });
  });
});

describe('an event as a line', () => {
  const FIELDS = new Set(['args', 'diff', 'text']);
  const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
  const large = fc.string({ minLength: 1, maxLength: 3 }).map((s) => ({ lines: s.repeat(2100) }));
  const field = fc.option(fc.oneof(json, large, fc.constant({ $blob: 'ab'.repeat(1100) })), { nil: undefined });
  const event = fc.record({
    type: fc.constantFrom('tool.proposed', 'tool.result'),
    args: field,
    other: field,
    diff: field,
    text: field,
    seq: fc.nat(),
  });

  /** What the store wrote before: each large field replaced by a reference, then stringified. */
  const reference = (e: Record<string, unknown>) => {
    let out = e;
    for (const f of FIELDS) {
      const v = e[f];
      const isRef = !!v && typeof v === 'object' && Object.keys(v).length === 1 && '$blob' in v;
      if (v === undefined || isRef || JSON.stringify(v).length < 2048) continue;
      out = { ...out, [f]: { $blob: createHash('sha256').update(JSON.stringify(v)).digest('hex') } };
    }
    return JSON.stringify(out);
  };

  it('is the same text as stringifying the event with its large fields stored', () => {
    const blobs = new BlobStore(blobsDir());
    fc.assert(
      fc.property(event, (e) => {
        expect(blobs.line(e, FIELDS)).toBe(reference(e));
      }),
      { numRuns: 500 },
    );
    for (const f of readdirSync(blobs.dir)) {
      const text = readFileSync(join(blobs.dir, f), 'utf8');
      expect(createHash('sha256').update(text).digest('hex')).toBe(f.replace(/\.json$/, ''));
    }
  });
});
