// The direct emitter must write exactly what yaml's stringify writes for the same options:
// rendered manifests are compared byte for byte (golden trees, diffs, content hashes).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { yamlEmitter } from '../../src/manifests/yaml-emit.js';
import { OPTIONS, renderYaml, yamlToObjects } from '../../src/manifests/yaml.js';
import { REPO } from '../helpers/cli.js';

const emit = yamlEmitter(OPTIONS);
const reference = (v: unknown) => stringify(v, OPTIONS);

// Words YAML 1.1 or 1.2 reads as another type, or whose quoting has a special rule.
const SPECIAL = [
  ...['', '~', 'null', 'Null', 'NULL', 'nULL', 'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On'],
  ...['ON', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', '<<', '=', 'yEs'],
  ...['.inf', '-.inf', '+.INF', '.Inf', '.nan', '.NaN', '.NAN', '.', '-.', '+.', '+', '-', '?', ':', '- a', '? a'],
  ...['0', '-0', '+1', '007', '08', '0o14', '0o19', '014', '0x1F', '0x', '0b101', '-0b1', '1_000', '1:20', '-1:20:30'],
  ...[
    '190:20:30.15',
    '1:70',
    '1.5',
    '.5',
    '5.',
    '1.0',
    '1,000',
    '1e3',
    '1E+3',
    '.e1',
    'e5',
    '-e3',
    '1e',
    '6.8523015e+5',
  ],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-1-1', '100m', '256Mi', '1.0.0'],
  ...['---', '...', '--- a', '...x', '%TAG', 'a\n---', 'a\n...\nb', 'a: b', 'a:b', 'a #b', 'a#b', '#', '@x', '`x'],
  ...['ghcr.io/x/y:1.0', 'http://example.com:8080/p?q=1#f', '/var/lib/data', '--appendonly yes', 'key=value', '*'],
  ...[
    '&a',
    '!tag',
    '|',
    '>',
    "'",
    '"',
    '\'"',
    'a\nb',
    'a\n',
    'a\n\n',
    '\n',
    '\na',
    ' a\nb',
    'a\n b',
    'a \nb',
    '\u2028',
  ],
  ...['a"\n ', '"x \ny\n\t', "'\n ", 'a\n\n ', ' \n', '\t\n', 'a\n#b', 'a\n- b', 'a\n  b\n', 'x\n\n\ny\n\n'],
];
const CHARS = [
  ...[':', ' ', '#', '-', "'", '"', '\n', '{', '}', '[', ']', ',', '*', '&', '!', '|', '>', '%', '@', '`', '?'],
  ...['\t', '\r', '\\', '\0', '\x07', '\x1b', '\x7f', '\x85', '\xa0', '\u2028', '\ud800', 'é', '日', '😀'],
  ...['0', '1', '5', '9', '.', 'e', 'E', '+', '_', 'x', 'o', 'a', 'y', 'n', 'N', 'T', 'r', 'u', '~', '<', '=', '/'],
];

const text = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 50 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SPECIAL), fc.constantFrom(...SPECIAL)).map(([a, b]) => a + b) },
  // long enough for yaml's multi-line double quotes (40+ characters)
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...SPECIAL, ...CHARS), { minLength: 10, maxLength: 40 }).map((a) => a.join('')),
  },
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(fc.oneof({ weight: 9, arbitrary: tie('value') }, fc.constant(undefined)), { maxLength: 4 }),
  object: fc.dictionary(text, fc.oneof({ weight: 9, arbitrary: tie('value') }, fc.constant(undefined)), {
    maxKeys: 5,
  }),
}));
const root = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(text, value, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.array(value, { maxLength: 5 }) },
);

describe('yamlEmitter', () => {
  it('writes what yaml stringify writes, byte for byte, over random nested values', () => {
    fc.assert(
      fc.property(root, (v) => {
        expect(emit(v)).toBe(reference(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('quotes every special word exactly as yaml does, as a key and as a value at every depth', () => {
    for (const s of SPECIAL) {
      const v = { [s]: s, a: [s, { [s]: [s] }], b: { [s]: { [s]: s } } };
      expect(emit(v), JSON.stringify(s)).toBe(reference(v));
    }
  });

  it('takes the fast path for the strings manifests are made of, unquoted', () => {
    const v = { image: 'ghcr.io/x/y:1.0', cpu: '100m', mem: '256Mi', path: '/data', url: 'https://a.b/c?d=e' };
    expect(emit(v)).toBe('image: ghcr.io/x/y:1.0\ncpu: 100m\nmem: 256Mi\npath: /data\nurl: https://a.b/c?d=e\n');
  });

  it('quotes what YAML 1.1 reads as a boolean or a number (compat), as yaml does', () => {
    const v = { args: ['--appendonly', 'yes', 'on', '1:20', '0o14', '014', '.inf', '~', '1_000'] };
    expect(emit(v)).toBe(reference(v));
    expect(emit(v)).toContain('- "yes"\n');
    expect(emit(v)).toContain('- "1:20"\n');
  });

  it('leaves to yaml what it does not render itself, and renderYaml still matches', () => {
    const longKey = { ['k'.repeat(1100)]: 1 };
    const date = { at: new Date(0) };
    for (const v of [longKey, date, 'scalar', new Map([['a', 1]])]) expect(emit(v)).toBeUndefined();
    for (const v of [longKey, date]) expect(renderYaml(v)).toBe(reference(v));
  });
});

// The reviewed golden trees are exactly objectsToYaml of each file's objects: every object
// in them must take the emitter and give the same bytes back.
describe('yamlEmitter over every golden tree', () => {
  const GOLDEN = join(REPO, 'test', 'e2e', 'golden', 'trees');
  const files = (readdirSync(GOLDEN, { recursive: true }) as string[]).filter((p) => p.endsWith('.yaml'));

  it('finds the golden files', () => expect(files.length).toBeGreaterThan(100));

  it('renders each file of each fixture identically', () => {
    let objects = 0;
    for (const p of files) {
      const golden = readFileSync(join(GOLDEN, p), 'utf8');
      const docs = yamlToObjects(golden, p).map((o) => {
        objects++;
        const out = emit(o);
        expect(out, relative(GOLDEN, join(GOLDEN, p))).toBeDefined();
        expect(out).toBe(reference(o));
        return out;
      });
      expect(docs.join('---\n'), p).toBe(golden);
    }
    expect(objects).toBeGreaterThan(300);
  });
});
