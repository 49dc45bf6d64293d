// What a run loads decides how soon it starts: a run that uses only the built-in servers
// loads none of the MCP SDK (the hub calls them in-process), no Ajv, no child_process,
// only zod's English messages, and no locale collator. A module hook in the child records every file it
// loads; esbuild's `// node_modules/…` comments say which packages each chunk holds.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kk-loads-'));
const hook = join(dir, 'record-loads.mjs');
writeFileSync(
  hook,
  `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
const out = process.env.KK_LOADS_FILE;
registerHooks({ load(url, ctx, next) { appendFileSync(out, url + '\\n'); return next(url, ctx); } });
const compare = String.prototype.localeCompare;
let collations = 0;
String.prototype.localeCompare = function (...args) { collations++; return compare.apply(this, args); };
process.on('exit', () => appendFileSync(out, 'collations:' + collations + '\\n'));
process.on('exit', () => appendFileSync(out, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin:' + m.slice(13)).join('\\n') + '\\n'));
`,
);

/** The packages (and builtins) a CLI run loads, and how often it compared strings by locale. */
async function loadedBy(args: string[]): Promise<{ packages: Set<string>; builtins: Set<string>; collations: number }> {
  const file = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, '');
  const r = await runCli(args, { env: { NODE_OPTIONS: `--import=${hook}`, KK_LOADS_FILE: file } });
  expect(r.code, r.stderr).toBe(0);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  for (const url of lines.filter((l) => l.startsWith('file:') && l.includes('/dist/bin/'))) {
    for (const m of readFileSync(fileURLToPath(url), 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/(\S+)$/gm))
      packages.add(m[1]);
  }
  const builtins = new Set(lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice(8)));
  const collations = Number(lines.find((l) => l.startsWith('collations:'))?.slice(11));
  return { packages, builtins, collations };
}

const fromPackage = (packages: Set<string>, name: string) => [...packages].filter((p) => p.startsWith(`${name}/`));

describe('what a run loads', () => {
  it('deploy --generate-only loads neither the MCP SDK nor its Ajv, nor child_process', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kk-loads-out-'));
    const { packages, builtins, collations } = await loadedBy([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--generate-only',
      '--output-dir',
      join(out, 'tree'),
      '--yes',
    ]);
    expect(fromPackage(packages, 'dockerfile-ast').length).toBeGreaterThan(0); // the hook saw the run
    expect(fromPackage(packages, '@modelcontextprotocol/sdk')).toEqual([]);
    expect(fromPackage(packages, 'ajv').filter((p) => !p.startsWith('ajv/dist/runtime/'))).toEqual([]);
    expect(builtins.has('child_process')).toBe(false);
    // The first locale comparison of a process loads ICU's collator: several ms for nothing
    // when what is compared is ASCII ids.
    expect(collations).toBe(0);
  });

  it('deploy --plan-only loads only the English messages of zod', async () => {
    const { packages } = await loadedBy(['deploy', 'fixtures/blog-api/app-config.yaml', '--plan-only']);
    const locales = fromPackage(packages, 'zod').filter((p) => /\/locales\//.test(p));
    expect(locales).toEqual(['zod/v4/locales/en.js']);
    expect(fromPackage(packages, '@modelcontextprotocol/sdk')).toEqual([]);
  });

  it("zod's messages stay English in the bundle", async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: 42\nspec: {}\n');
    const r = await runCli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/expected string/i);
  });
});
