// One writer per session, and a damaged transcript harms only itself: a second
// `chat --resume` of a session another process has open is refused naming that process;
// a lock left by a dead process is taken over; a corrupt transcript beside healthy ones
// is listed as corrupt while the healthy ones list, show, resume and delete normally.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';
import { lockSession, SessionLocked } from '../../src/sessions/lock.js';

function homeEnv() {
  const home = mkdtempSync(join(tmpdir(), 'kk-faults-home-'));
  const env = {
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, 'config'),
  };
  return { env, sessions: join(home, 'data', 'kaptain-kube', 'sessions') };
}

async function newSession(env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const r = await runCli(['chat', '--name', name], { env, input: 'help\n' });
  expect(r.code).toBe(0);
  return /session (\d{8}-\d{6}-[0-9a-f]{4})/.exec(r.stdout)![1];
}

/** A pid that certainly is not running: a child that has already exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('one writer per session', () => {
  it("a second --resume while the first is open is refused with exit 2 naming the holder's pid", async () => {
    const { env, sessions } = homeEnv();
    const id = await newSession(env, 'alpha');
    // The first writer: a chat resumed and left waiting for input.
    const first = spawn(process.execPath, [CLI, 'chat', '--resume', 'alpha'], {
      cwd: REPO,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    first.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((resolve) => first.on('close', (code) => resolve(code ?? -1)));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain('resumed');
      const second = await runCli(['chat', '--resume', 'alpha'], { env, input: 'help\n' });
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`pid ${first.pid}`);
      noStack(second.stderr);
      expect((await runCli(['sessions', 'list'], { env })).stdout).toContain(`in use (pid ${first.pid})`);
      // Deleting it from under its writer is refused the same way.
      const del = await runCli(['sessions', 'delete', id], { env });
      expect(del.code).toBe(2);
      expect(del.stderr).toContain(`pid ${first.pid}`);
    } finally {
      first.stdin.end();
    }
    expect(await exited).toBe(0);
    // Released on exit: the session resumes again and no lock file is left.
    expect((await runCli(['chat', '--resume', 'alpha'], { env, input: 'help\n' })).code).toBe(0);
    expect(readdirSync(sessions).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);

  it('the lock is held while the session is open and released when the writer is ended by a signal', async () => {
    const { env, sessions } = homeEnv();
    const id = await newSession(env, 'gamma');
    const lock = join(sessions, `${id}.lock`);
    const child = spawn(process.execPath, [CLI, 'chat', '--resume', 'gamma'], {
      cwd: REPO,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    await expect.poll(() => out, { timeout: 20_000 }).toContain('resumed');
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: child.pid, host: hostname() });
    child.kill('SIGTERM');
    // The signal still ends the process as it would have, and the lock goes with it.
    expect(await ended).toBe('SIGTERM');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('a lock left by a process that is gone is taken over', async () => {
    const { env, sessions } = homeEnv();
    const id = await newSession(env, 'beta');
    const lock = join(sessions, `${id}.lock`);
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const r = await runCli(['chat', '--resume', 'beta'], { env, input: 'help\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('resumed');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('in process: O_EXCL lock, refusal naming the holder, release, stale takeover', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-lock-'));
    const transcript = join(dir, 's.jsonl');
    const held = lockSession(transcript);
    expect(JSON.parse(readFileSync(held.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    // A live holder (this very process counts for the check via another pid: the parent).
    writeFileSync(held.path, JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: 'x' }));
    expect(() => lockSession(transcript)).toThrow(SessionLocked);
    expect(() => lockSession(transcript)).toThrow(`pid ${process.ppid}`);
    writeFileSync(held.path, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'x' }));
    const taken = lockSession(transcript);
    taken.release();
    expect(existsSync(taken.path)).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'in process: a lock from an earlier boot, or whose pid now belongs to a younger process, is stale',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kk-lock-'));
      const transcript = join(dir, 's.jsonl');
      const lockFile = join(dir, 's.lock');
      // The parent is alive, but the lock names another boot of the machine.
      writeFileSync(
        lockFile,
        JSON.stringify({
          pid: process.ppid,
          host: hostname(),
          startedAt: new Date().toISOString(),
          boot: 'an-earlier-boot',
        }),
      );
      lockSession(transcript).release();
      // The parent is alive, but it started long after this lock was taken: its pid was reused.
      writeFileSync(
        lockFile,
        JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2001-01-01T00:00:00.000Z' }),
      );
      lockSession(transcript).release();
      expect(existsSync(lockFile)).toBe(false);
    },
  );
});

describe('a corrupt transcript affects only itself', () => {
  it('list shows the healthy sessions and marks the corrupt one; show, resume and delete by name work; resuming the corrupt one is exit 2 with file:line', async () => {
    const { env, sessions } = homeEnv();
    const one = await newSession(env, 'one');
    const two = await newSession(env, 'two');
    const bad = await newSession(env, 'bad');
    const badFile = join(sessions, `${bad}.jsonl`);
    const lines = readFileSync(badFile, 'utf8').split('\n');
    lines.splice(1, 0, '{"seq": 1, "type": "tool.res');
    writeFileSync(badFile, lines.join('\n'));

    const list = await runCli(['sessions', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(one);
    expect(list.stdout).toContain(two);
    expect(list.stdout).toMatch(new RegExp(`${bad}.*corrupt`));
    expect(list.stderr).toContain(`${badFile}:2:1`);
    noStack(list.stderr);

    expect((await runCli(['sessions', 'show', 'one'], { env })).code).toBe(0);
    expect((await runCli(['chat', '--resume', 'one'], { env, input: 'help\n' })).code).toBe(0);
    const del = await runCli(['sessions', 'delete', 'two'], { env });
    expect(del.code).toBe(0);
    expect(del.stdout).toContain(two);

    const resumeBad = await runCli(['chat', '--resume', bad], { env, input: 'help\n' });
    expect(resumeBad.code).toBe(2);
    expect(resumeBad.stderr).toContain(`${badFile}:2:1`);
    noStack(resumeBad.stderr);
  }, 60_000);
});
