// Shared pieces of the property-based fuzz suites: odd values of every kind, and the
// checks every outcome must pass (exit 0 or 2, a message naming the file, no stack
// trace, nothing written).
import { ftruncateSync, readdirSync, writeSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { InputOutcome } from '../../src/cli/deploy-inputs.js';

/** Strings people (and attackers) put where a name or a value goes. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'a\nb',
      'x\r\ny',
      '\u0000',
      '\u001b]0;title\u0007',
      '\u001b[2J',
      '\u009b31m',
      '\t',
      '\u2028',
      '\ufeff',
      '😀',
      'ä',
      'Ａ',
      '${X}',
      '$HOME',
      '%s',
      '{{x}}',
      '../../etc/passwd',
      '/dev/zero',
      'web',
      'Web_App',
      '-a-',
      'a'.repeat(64),
      'a'.repeat(300),
      'true',
      'null',
      '~',
      '0x1F',
      '1e400',
      'NaN',
      '-0',
      '*.example.com',
      'a.example.com',
      'example.com.',
      '10.0.0.1',
      'key: value',
      '- item',
      '&a',
      '*a',
      '!!binary',
      '"',
      "'",
      '#',
      '[',
      '{',
    ),
  },
);

/** Numbers around every boundary Kubernetes and JavaScript have. */
export const oddNumber: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -1,
    1,
    15,
    16,
    63,
    64,
    100,
    101,
    65535,
    65536,
    10000,
    10001,
    2147483647,
    2147483648,
    4294967295,
    4294967296,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e21,
    1e308,
    -1e308,
    0.5,
    -0,
    Number.EPSILON,
    Number.MIN_VALUE,
  ),
  fc.double(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
);

/** Any YAML-ish value, nested a few levels. */
export const oddValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    oddString,
    oddNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(oddString, tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** Text-level damage to an otherwise well-formed file. */
export function damage(text: string, edits: { kind: number; at: number; what: string }[]): string {
  let t = text;
  for (const e of edits) {
    const i = t.length === 0 ? 0 : e.at % (t.length + 1);
    switch (e.kind % 6) {
      case 0:
        t = t.slice(0, i) + e.what + t.slice(i);
        break; // insert
      case 1:
        t = t.slice(0, i) + t.slice(i + 1 + (e.what.length % 5));
        break; // delete
      case 2:
        t = t.slice(0, i);
        break; // truncate
      case 3: {
        const lines = t.split('\n');
        const n = i % Math.max(lines.length, 1);
        lines.splice(n, 0, lines[n] ?? '');
        t = lines.join('\n');
        break;
      } // duplicate a line
      case 4:
        t = t.slice(0, i) + '\t' + t.slice(i);
        break; // a tab where YAML wants spaces
      default:
        t = t.replace(/\n/g, e.what.length % 2 ? '\r\n' : '\n'); // line endings
    }
  }
  return t;
}

export const edits = fc.array(fc.record({ kind: fc.nat(), at: fc.nat(), what: oddString }), { maxLength: 3 });

const STACK = /\n\s+at .+(:\d+:\d+\)?|native\)?)$/m;

/** Every outcome: exit 0, or 2 with a message naming the file; no stack trace; nothing written. */
export function expectClean(o: InputOutcome, files: string[], dir: string, before: string[]): void {
  expect([0, 2], `exit ${o.code}: ${o.message}`).toContain(o.code);
  expect(o.message, 'no stack trace').not.toMatch(STACK);
  expect(o.message).not.toMatch(/^(error: )?(TypeError|RangeError|ReferenceError|SyntaxError|Error):/m);
  if (o.code === 2)
    expect(
      files.some((f) => o.message.includes(f)),
      `names the file: ${o.message}`,
    ).toBe(true);
  expect(readdirSync(dir).sort(), 'nothing written').toEqual(before);
}

/** Replaces a file's content in place (much faster than rewriting it on many disks). */
export function overwrite(fd: number, text: string): void {
  const b = Buffer.from(text);
  writeSync(fd, b, 0, b.length, 0);
  ftruncateSync(fd, b.length);
}

/** How many generated inputs each fuzz suite runs (the CI minimum is 10,000). */
export const FUZZ_RUNS = Number(process.env.KK_FUZZ_RUNS ?? 10_000);
