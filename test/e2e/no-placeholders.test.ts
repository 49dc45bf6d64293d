// No stand-in values: every example domain, "your-org" or internal kaptain:// address in a
// generated tree must be one the fixture's own config wrote (its Ingress host, say).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, generate } from '../helpers/generate.js';
import { REPO } from '../helpers/cli.js';

const PLACEHOLDER = /example\.(com|org|net)|your-org|kaptain:\/\//g;
/** The whole value around a match: a host, an address, a URL. */
const TOKEN = /[A-Za-z0-9._%+@:/#?=&~-]/;

function tokenAt(line: string, index: number, length: number): string {
  let start = index;
  let end = index + length;
  while (start > 0 && TOKEN.test(line[start - 1])) start--;
  while (end < line.length && TOKEN.test(line[end])) end++;
  return line.slice(start, end);
}

/** The equivalent of `grep -rE 'example\.(com|org|net)|your-org|kaptain://'` over a tree, one line per hit. */
function placeholders(files: Map<string, string>, config: string): string[] {
  const out: string[] = [];
  for (const [path, text] of files)
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(PLACEHOLDER)) {
        const token = tokenAt(line, m.index, m[0].length);
        if (!config.includes(token)) out.push(`${path}:${i + 1}: ${token}`);
      }
    });
  return out;
}

describe('no placeholders in generated trees', () => {
  it('the check finds a stand-in the config did not write', () => {
    const tree = new Map([['ingress.yaml', 'email: platform@example.com\nhost: blog.example.com\n']]);
    expect(placeholders(tree, 'host: blog.example.com')).toEqual(['ingress.yaml:1: platform@example.com']);
  });

  it.each(FIXTURES)('%s: every example domain, your-org or kaptain:// value comes from its config', async (fixture) => {
    const config = readFileSync(join(REPO, 'fixtures', fixture, 'app-config.yaml'), 'utf8');
    const g = await generate(fixture);
    expect(g.failures).toEqual([]);
    expect(placeholders(g.files, config)).toEqual([]);
  });
});
