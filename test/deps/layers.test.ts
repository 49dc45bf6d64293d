// The layer rule (cli → ui → agent → mcp hosts → mcp servers → domain → artifacts → leaves)
// is checked by dependency-cruiser through scripts/check-deps.mjs. These tests run it on the
// tree as it is, and on copies with one wrong-way import added, so a rule that silently
// stopped matching would show up here.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const script = join(repo, 'scripts', 'check-deps.mjs');
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function check(root?: string) {
  const run = spawnSync(process.execPath, [script, ...(root ? ['--root', root] : [])], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A copy of src/, mcp/ and test/helpers/ with extra files written into it. */
function copyWith(extra: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kk-layers-'));
  copies.push(root);
  for (const top of ['src', 'mcp', 'test/helpers']) cpSync(join(repo, top), join(root, top), { recursive: true });
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(root, path), text);
  return root;
}

describe('dependency layers', () => {
  it('the tree has no upward import, no cycle and no import of a sibling server', () => {
    const { status, output } = check();
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('fails on an upward import (type-only ones included) and on an import of the test tree', () => {
    const root = copyWith({
      'src/plan/upward.ts':
        "import type { ChatFlags } from '../agent/session-runner.js';\nexport type Flags = ChatFlags;\n",
      'src/sessions/upward.ts': "export { formatError } from '../cli/output.js';\n",
      'src/kube/from-test.ts': "export { runCli } from '../../test/helpers/cli.js';\n",
    });
    const { status, output } = check(root);
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-upward-from-domain: src\/plan\/upward\.js → src\/agent\/session-runner\.js/);
    expect(output).toMatch(/no-upward-from-domain: src\/sessions\/upward\.js → src\/cli\/output\.js/);
    expect(output).toMatch(/no-test-from-source: src\/kube\/from-test\.js → test\/helpers\/cli\.js/);
  });

  it('fails on a cycle inside one layer and on a tool importing a sibling server', () => {
    const root = copyWith({
      'src/terminal/ping.ts': "import { pong } from './pong.js';\nexport const ping = () => pong;\n",
      'src/terminal/pong.ts': "import { ping } from './ping.js';\nexport const pong = () => ping;\n",
      'mcp/autoscaling/borrow.ts': "export * from '../security-policy/checks.js';\n",
    });
    const { status, output } = check(root);
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-circular: src\/terminal\/p[io]ng\.js/);
    expect(output).toMatch(/no-sibling-server: mcp\/autoscaling\/borrow\.js → mcp\/security-policy\/checks\.js/);
  });
});

describe('the README', () => {
  it('Layout table has a row for every folder of src/ and mcp/ and every top-level folder', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Development'));
    const folders = (dir: string) =>
      readdirSync(join(repo, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${dir}${e.name}/`);
    const expected = [
      ...folders('src/'),
      ...folders('mcp/'),
      ...['test', 'bench', 'docs', 'scripts', 'templates', 'prompts', 'fixtures'].map((d) => `${d}/`),
    ];
    const missing = expected.filter((folder) => !table.includes(`| \`${folder}\` |`));
    expect(missing).toEqual([]);
  });
});
