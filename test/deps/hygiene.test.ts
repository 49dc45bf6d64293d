// The house rules that keep the code easy to change, checked on every test run: no dead
// exports (knip), the tests type-check too, and every source file is formatted (prettier).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

function run(bin: string, args: string[]) {
  const r = spawnSync(join(REPO, 'node_modules', '.bin', bin), args, { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('code hygiene', () => {
  it('knip finds no unused export, type, file or dependency (npm run lint:dead)', () => {
    const r = run('knip', ['--no-progress', '--no-config-hints']);
    expect(r.code, r.out).toBe(0);
  }, 120_000);

  it('the tests type-check (tsc -p tsconfig.test.json)', () => {
    const r = run('tsc', ['-p', 'tsconfig.test.json', '--noEmit']);
    expect(r.code, r.out).toBe(0);
  }, 120_000);

  it('every source file is formatted (npm run format:check)', () => {
    const r = run('prettier', ['--check', '.']);
    expect(r.code, r.out).toBe(0);
  }, 120_000);
});
