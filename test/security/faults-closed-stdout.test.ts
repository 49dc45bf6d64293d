// A closed stdout ends any command quietly: `kaptain-kube sessions list | head -1` and
// the like. The reader has gone, so the command stops at once with exit 0 (the reader
// chose to stop: a pipeline under `set -o pipefail` must not fail) and no stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'kk-epipe-'));
const env = {
  ...process.env,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
  NO_COLOR: '1',
};

beforeAll(async () => {
  // Something to list.
  for (const name of ['a', 'b'])
    expect((await runCli(['chat', '--name', name], { env, input: 'help\n' })).code).toBe(0);
}, 30_000);

/** Runs the CLI with a stdout whose reader is gone before the first byte is written (as `| head -0`). */
function withClosedStdout(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

const LISTINGS = [
  ['sessions', 'list'],
  ['sessions', 'list', '--output', 'json'],
  ['mcp', 'list'],
  ['mcp', 'tools'],
  ['deploy', 'fixtures/blog-api/app-config.yaml', '--plan-only'],
  ['validate', 'fixtures/blog-api/app-config.yaml'],
  ['schema'],
];

describe('a listing command whose reader has gone', () => {
  it.each(LISTINGS.map((a) => [a.join(' '), a] as const))(
    '%s ends quietly with exit 0',
    async (_name, args) => {
      const r = await withClosedStdout([...args]);
      expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(0);
    },
    40_000,
  );

  it('through a real pipe: `mcp tools | head -1` prints one line, pipefail sees success', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const sh = spawn('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" mcp tools | head -1`], {
        cwd: REPO,
        env,
      });
      let out = '';
      let err = '';
      sh.stdout.on('data', (d) => (out += d));
      sh.stderr.on('data', (d) => (err += d));
      sh.on('close', (code) => resolve({ code, out, err }));
    });
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
  }, 40_000);
});
