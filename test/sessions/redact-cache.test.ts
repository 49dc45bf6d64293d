// The redactor scans a string once and reuses the answer: the same YAML and diff lines
// come back in event after event. A value learned as secret later, or a redactor with
// more values, must not be served an answer from before.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as patterns from '../../src/secrets/patterns.js';
import { learnSecrets, REDACTED, Redactor } from '../../src/sessions/redact.js';

// Counting stand-in for redactSecretText: the real rules, each scan counted.
const scans = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/secrets/patterns.js', async (importOriginal) => {
  const real = await importOriginal<typeof patterns>();
  return {
    ...real,
    redactSecretText: (s: string) => {
      scans.n++;
      return real.redactSecretText(s);
    },
  };
});

beforeEach(() => {
  scans.n = 0;
});

describe('Redactor over repeated strings', () => {
  it('scans a string once, however often and wherever it comes back', () => {
    const r = new Redactor();
    const line = '+  image: ghcr.io/example/blog-api:1.4.2';
    const out = r.value({ diff: [line, line], files: [{ patch: line }], text: line });
    expect(out).toEqual({ diff: [line, line], files: [{ patch: line }], text: line });
    expect(r.value({ again: line })).toEqual({ again: line });
    expect(scans.n).toBe(1);
  });

  it('gives the same answer from the cache as from the scan', () => {
    const r = new Redactor(['hunter2-own-value']);
    const line = 'DB_PASSWORD=hunter2-own-value and API_KEY=abc123xyz';
    const first = r.text(line);
    expect(first).toBe(`DB_PASSWORD=${REDACTED} and API_KEY=${REDACTED}`);
    expect(r.text(line)).toBe(first);
    expect(scans.n).toBe(1);
  });

  it('redacts a string seen before once its value is learned as secret', () => {
    const r = new Redactor();
    const line = 'callback uses opaque-learned-cache-77 today';
    expect(r.text(line)).toBe(line);
    learnSecrets(['opaque-learned-cache-77']);
    expect(r.text(line)).toBe(`callback uses ${REDACTED} today`);
  });

  it('gives a redactor with more values none of the answers of the one it came from', () => {
    const r = new Redactor();
    const line = 'token for the run: plain-before-with-88';
    expect(r.text(line)).toBe(line);
    expect(r.with(['plain-before-with-88']).text(line)).toBe(`token for the run: ${REDACTED}`);
    expect(r.text(line)).toBe(line);
  });

  it('keeps a bounded number of strings: the oldest are scanned again', () => {
    const r = new Redactor();
    r.text('first line of many');
    for (let i = 0; i < 20_001; i++) r.text(`line number ${i}`);
    const before = scans.n;
    r.text('first line of many');
    expect(scans.n).toBe(before + 1);
  });

  it('keeps the order of fields when a later field is redacted', () => {
    const r = new Redactor();
    const env = { before: 'plain text here', name: 'DB_PASSWORD', value: 'hunter2xyz', after: 'more plain text' };
    const out = r.value(env);
    expect(Object.keys(out)).toEqual(['before', 'name', 'value', 'after']);
    expect(out).toEqual({ ...env, value: REDACTED });
  });
});
