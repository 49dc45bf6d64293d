// Preconditions come before the first card: `deploy --interactive` in a real terminal
// (tmux, 80×24) without a kubeconfig ends at once with the words and exit status of
// `deploy --yes`, and asks nothing. Skips itself, visibly, when tmux is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';

const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const home = mkdtempSync(join(tmpdir(), 'kk-preconditions-'));
const socket = join(home, 'tmux.sock');
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
  KUBECONFIG: join(home, 'no-kubeconfig'),
  NO_COLOR: '1',
  TERM: 'xterm-256color',
};
const t = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
const q = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

afterAll(() => {
  if (tmux) t('kill-server');
});

describe.skipIf(!tmux)('preconditions before the first card (install tmux to run)', () => {
  it('deploy --interactive without a kubeconfig fails before any card, as --yes does', async () => {
    const config = 'fixtures/blog-api/app-config.yaml';
    const yes = await runCli(['deploy', config, '--yes'], { env, timeoutMs: 120_000 });
    expect(yes.code).not.toBe(0);
    const message = yes.stderr.trim().split('\n')[0];
    expect(message).toContain(`no kubeconfig at ${env.KUBECONFIG}`);

    const envs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const cmd = `sh -c ${q(`${['env', ...envs, process.execPath, CLI, 'deploy', config, '--interactive'].map(q).join(' ')}; echo "exit status $?"`)}`;
    expect(t('new-session', '-d', '-s', 'pre', '-x', '80', '-y', '24', '-c', REPO, cmd).status).toBe(0);
    t('set-option', '-t', 'pre', 'remain-on-exit', 'on');
    let screen = '';
    for (let i = 0; i < 1200 && !/exit status \d+/.test(screen); i++) {
      // Any card would wait for a key: answer nothing, so a card would keep the run from ending.
      screen = t('capture-pane', '-p', '-J', '-S', '-200', '-t', 'pre').stdout;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(screen).toContain(message);
    expect(screen).toContain(`exit status ${yes.code}`);
    expect(screen).not.toMatch(/approve\?|KaptainKube ·/);
    // Nothing was started: no session to resume.
    const sessions = join(env.XDG_DATA_HOME, 'kaptain-kube', 'sessions');
    expect(existsSync(sessions) ? readdirSync(sessions).filter((f) => f.endsWith('.jsonl')) : []).toEqual([]);
  }, 180_000);
});
