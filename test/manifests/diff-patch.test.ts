// A file created or deleted whole gets its patch written out directly; it must be the
// very text the diff library writes, since transcripts and cards show it byte for byte.
import { createTwoFilesPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffTrees, filePatch } from '../../src/manifests/diff.js';

const library = (from: string, to: string, a: string | undefined, b: string | undefined) =>
  createTwoFilesPatch(from, to, a ?? '', b ?? '', undefined, undefined, { context: 3 });

// Lines rich in what a patch gives meaning to: signs, hunk marks, backslashes, blank lines.
const line = fc.oneof(
  fc.constantFrom('', ' ', '+', '-', '---', '+++', '@@ -1 +1 @@', '\\ No newline at end of file', '\\', '  name: x'),
  fc.string({ unit: fc.constantFrom('a', ' ', '-', '+', '@', '\\', 'é', '\t', ':', '#') }),
);
const text = fc
  .tuple(fc.array(line, { maxLength: 12 }), fc.boolean())
  .map(([lines, newline]) => lines.join('\n') + (newline ? '\n' : ''));

describe('filePatch', () => {
  it.each([
    ['created', '/dev/null', 'b/k8s/f.yaml'],
    ['deleted', 'a/k8s/f.yaml', '/dev/null'],
  ])('writes the same patch as the diff library for a file %s whole', (_how, from, to) => {
    const sides = (t: string): [string | undefined, string | undefined] =>
      from === '/dev/null' ? [undefined, t] : [t, undefined];
    fc.assert(
      fc.property(text, (t) => {
        expect(filePatch(from, to, ...sides(t))).toBe(library(from, to, ...sides(t)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves a changed file, and text with carriage returns, to the library', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(filePatch('a/f', 'b/f', a, b)).toBe(library('a/f', 'b/f', a, b));
      }),
      { numRuns: 500 },
    );
    expect(filePatch('/dev/null', 'b/f', undefined, 'a\r\nb\r\n')).toBe(
      library('/dev/null', 'b/f', undefined, 'a\r\nb\r\n'),
    );
  });

  it('counts the lines a new file adds', () => {
    const [d] = diffTrees(new Map(), new Map([['k8s/f.yaml', 'a: 1\nb: 2\n']]));
    expect(d).toMatchObject({ change: 'added', added: 2, removed: 0 });
    expect(d.patch).toContain('@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n');
  });
});
