// Every fixture's tree, byte for byte, against the reviewed copy in test/e2e/golden/trees/.
// Refactors (moving files, splitting functions, lazy loading) must leave these unchanged;
// a deliberate change to a generator shows up here as a diff to review. To accept one:
//   KK_UPDATE_GOLDEN=1 npx vitest run test/e2e/golden-trees.test.ts   (then read the git diff)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { FIXTURES, generate } from '../helpers/generate.js';

const GOLDEN = join(REPO, 'test', 'e2e', 'golden', 'trees');
const update = process.env.KK_UPDATE_GOLDEN === '1';

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.startsWith('.')) out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('generated trees equal the reviewed golden trees', () => {
  for (const fixture of FIXTURES) {
    it(
      fixture,
      async () => {
        const { files } = await generate(fixture);
        const dir = join(GOLDEN, fixture);
        if (update) {
          rmSync(dir, { recursive: true, force: true });
          for (const [path, text] of files) {
            mkdirSync(dirname(join(dir, path)), { recursive: true });
            writeFileSync(join(dir, path), text);
          }
        }
        const golden = readTree(dir);
        expect([...files.keys()].sort()).toEqual([...golden.keys()].sort());
        for (const [path, text] of files) expect(text, `${fixture}/${path}`).toBe(golden.get(path));
      },
      60_000,
    );
  }

  it('the built CLI writes the same tree as the engine (blog-api)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kk-golden-')), 'k8s');
    const r = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--generate-only',
      '--output-dir',
      out,
      '--yes',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const written = readTree(out);
    const golden = readTree(join(GOLDEN, 'blog-api'));
    expect([...written.keys()].sort()).toEqual([...golden.keys()].sort());
    for (const [path, text] of written) expect(text, path).toBe(golden.get(path));
  }, 60_000);
});
