// The Ink UI in a real terminal: tmux runs the built CLI at 80×24, send-keys types,
// capture-pane reads the screen. Skips itself, visibly, when tmux is not installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli.js';

const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
const home = mkdtempSync(join(tmpdir(), 'kk-tui-'));
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

function start(name: string, args: string[]): void {
  const envs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const cmd = ['env', ...envs, process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = t('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', REPO, cmd);
  if (r.status !== 0) throw new Error(r.stderr);
  // Keep the pane after the program exits, so its last words can be read.
  t('set-option', '-t', name, 'remain-on-exit', 'on');
}
const screen = (name: string) => t('capture-pane', '-p', '-t', name).stdout;
const keys = (name: string, ...k: string[]) => t('send-keys', '-t', name, ...k);
async function waitFor(name: string, re: RegExp, what: string, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen(name);
    if (re.test(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
}

afterAll(() => {
  if (tmux) t('kill-server');
});

describe.skipIf(!tmux)('terminal UI in tmux (install tmux to run)', () => {
  it('approve, reject with a reason, always allow, quit, resume, finish, export', async () => {
    const config = 'fixtures/blog-api/app-config.yaml';
    // Generate-only: a run that applies needs a cluster before its first card.
    start('kk1', ['deploy', config, '--interactive', '--generate-only', '--output-dir', join(home, 'out')]);
    // 1. The first call: the Dockerfile analysis. Approve with y.
    // A cold start (no compile cache yet) on a busy CI machine can take a while.
    const first = await waitFor('kk1', /approve\? y yes/, 'the first approval card', 120_000);
    expect(first).toContain('docker-analysis/analyze_dockerfile');
    writeFileSync(join(home, 'approval-screen.txt'), first);
    keys('kk1', 'y');
    // 2. The Deployment: approve. 3. The Service: reject with a reason.
    await waitFor('kk1', /k8s-manifest-generator\/generate_deployment/, 'the deployment card');
    keys('kk1', 'y');
    await waitFor('kk1', /k8s-manifest-generator\/generate_service/, 'the service card');
    keys('kk1', 'n');
    await waitFor('kk1', /reason \(Enter to reject/, 'the reason prompt');
    keys('kk1', '-l', 'not yet');
    keys('kk1', 'Enter');
    // 4. Always allow the next tool (the ConfigMap generator comes next in the plan).
    await waitFor('kk1', /k8s-manifest-generator\/generate_configmap \[read-only\]/, 'the configmap card');
    keys('kk1', 'a');
    await waitFor('kk1', /always allowed k8s-manifest-generator\/generate_configmap by you/, 'the always-allow line');
    // Quit with Ctrl+C twice while the next call waits.
    await waitFor('kk1', /security-policy\/generate_rbac \[read-only\]/, 'the RBAC card');
    keys('kk1', 'C-c');
    await waitFor('kk1', /press Ctrl\+C again/, 'the quit warning');
    keys('kk1', 'C-c');
    const bye = await waitFor(
      'kk1',
      /Resume: kaptain-kube deploy fixtures\/blog-api\/app-config\.yaml --interactive --re/,
      'the resume hint',
    );
    expect(bye).toContain('with a call awaiting approval');

    // Relaunch with --resume latest and approve everything left by policy.
    start('kk2', ['deploy', config, '--interactive', '--resume', 'latest', '--approval', 'yes']);
    await waitFor('kk2', /done — \/export DIR/, 'the end of the plan', 120_000);
    const exportDir = join(home, 'exported');
    keys('kk2', '-l', `/export ${exportDir}`);
    keys('kk2', 'Enter');
    await waitFor('kk2', /exported \d+ file\(s\) as manifests/, 'the export notice');
    keys('kk2', '-l', '/quit');
    keys('kk2', 'Enter');
    await waitFor('kk2', /Session \S+ saved\./, 'the farewell line');

    const files = readdirSync(join(exportDir, 'k8s-manifests'));
    expect(files).toContain('04-deployment.yaml');
    // The rejected Service is not in the export.
    expect(files).not.toContain('05-service.yaml');
    expect(existsSync(join(exportDir, 'k8s-manifests', '01-namespace.yaml'))).toBe(true);
    expect(readFileSync(join(exportDir, 'k8s-manifests', '04-deployment.yaml'), 'utf8')).toContain('kind: Deployment');
  }, 400_000);

  it('the approval screen at 80×24 matches the reviewed golden capture', () => {
    const captured = readFileSync(join(home, 'approval-screen.txt'), 'utf8');
    // The session id and timer differ per run; everything else is fixed.
    const normalise = (s: string) =>
      s
        .replace(/\d{8}-\d{6}-[0-9a-f]{4}/g, 'YYYYMMDD-HHMMSS-xxxx')
        .replace(/ +$/gm, '')
        .trimEnd();
    const golden = join(REPO, 'test', 'e2e', 'golden', 'approval-80x24.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, `${normalise(captured)}\n`);
    expect(normalise(captured)).toBe(readFileSync(golden, 'utf8').trimEnd());
  });
});
