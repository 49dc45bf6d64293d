// Sessions end to end with the built CLI: scripted chat, a crash while a call waits
// for approval, resume, export — and no secret value on disk.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';
import { tree } from '../helpers/tree.js';

function homeEnv() {
  const home = mkdtempSync(join(tmpdir(), 'kk-home-'));
  return {
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, 'config'),
    home,
  };
}

const CONFIG = 'fixtures/blog-api/app-config.yaml';

describe('sessions end to end', () => {
  it('a scripted chat deploy exports the same manifests as deploy --generate-only', async () => {
    const env = homeEnv();
    const chat = await runCli(['chat', '--approval', 'yes'], { env, input: `deploy ${CONFIG}\n` });
    expect(chat.code).toBe(0);
    const exported = join(env.home, 'export');
    const ex = await runCli(['sessions', 'export', 'latest', '--format', 'manifests', '--output', exported], { env });
    expect(ex.code).toBe(0);
    const generated = join(env.home, 'generated');
    expect(
      (await runCli(['deploy', CONFIG, '--generate-only', '--output-dir', generated, '--yes'], { env })).code,
    ).toBe(0);
    expect(tree(exported)).toEqual(tree(generated));

    const list = JSON.parse((await runCli(['sessions', 'list', '--output', 'json'], { env })).stdout);
    // Two sessions in the same second sort by their random suffix, so compare as a set.
    expect(list.sessions.map((s: { command: string }) => s.command).sort()).toEqual(['chat', 'deploy']);
  }, 180_000);

  it('SIGKILL while a call awaits approval; --resume latest shows the same call and finishes with the same manifests', async () => {
    const env = homeEnv();
    const child = spawn(process.execPath, [CLI, 'chat', '--approval', 'ask'], {
      cwd: REPO,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const cards = () => out.match(/^\? (\S+) \[[^\]]+\] \((call-\d+)\)$/gm) ?? [];
    const waitCards = async (n: number) => {
      for (let i = 0; i < 600 && cards().length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(cards().length).toBeGreaterThanOrEqual(n);
    };
    child.stdin.write(`deploy ${CONFIG}\n`);
    await waitCards(1);
    child.stdin.write('y\n');
    await waitCards(2);
    child.stdin.write('y\n');
    await waitCards(3);
    const pending = cards()[2];
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const resumed = await runCli(['chat', '--resume', 'latest', '--approval', 'ask'], { env, input: 'y\n'.repeat(80) });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('A call was waiting for your decision when the session stopped:');
    const firstCard = resumed.stdout.match(/^\? (\S+) \[[^\]]+\] \((call-\d+)\)$/m)?.[0];
    expect(firstCard).toBe(pending);

    const exported = join(env.home, 'export');
    expect((await runCli(['sessions', 'export', 'latest', '--output', exported], { env })).code).toBe(0);
    const generated = join(env.home, 'generated');
    expect(
      (await runCli(['deploy', CONFIG, '--generate-only', '--output-dir', generated, '--yes'], { env })).code,
    ).toBe(0);
    expect(tree(exported)).toEqual(tree(generated));
  }, 180_000);

  it('a rejected call leaves its objects out of the export; markdown shows the decision', async () => {
    const env = homeEnv();
    // Approve the analysis and the Deployment, reject the Service, approve the rest.
    const answers = ['y', 'y', 'n no service for now', ...Array(60).fill('y')].join('\n');
    const r = await runCli(['chat', '--approval', 'ask'], { env, input: `deploy ${CONFIG}\n${answers}\n` });
    expect(r.code).toBe(0);
    const exported = join(env.home, 'export');
    await runCli(['sessions', 'export', 'latest', '--output', exported], { env });
    const files = tree(exported);
    expect(files.has('k8s-manifests/04-deployment.yaml')).toBe(true);
    expect(files.has('k8s-manifests/05-service.yaml')).toBe(false);
    const md = (await runCli(['sessions', 'show', 'latest'], { env })).stdout;
    expect(md).toContain('**Decision:** reject by user — no service for now');
  }, 180_000);

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!kubectl)(
    'the kustomize export builds with kubectl kustomize (skipped when kubectl is absent)',
    async () => {
      const env = homeEnv();
      await runCli(['chat', '--approval', 'yes'], { env, input: `deploy ${CONFIG}\n` });
      const dir = join(env.home, 'kustomize');
      expect(
        (await runCli(['sessions', 'export', 'latest', '--format', 'kustomize', '--output', dir], { env })).code,
      ).toBe(0);
      const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(built.stderr).toBe('');
      expect(built.status).toBe(0);
      expect(built.stdout).toContain('kind: Deployment');
    },
    180_000,
  );

  it('no secret value (OPENAI_API_KEY, an mcp.yaml token) reaches the transcript or an export', async () => {
    const env = homeEnv();
    const secret = 'sk-live-SECRETVALUE-12345';
    const token = 'mcp-token-TOPSECRET-6789';
    const { writeFileSync } = await import('node:fs');
    const cfg = join(env.home, 'mcp.yaml');
    writeFileSync(
      cfg,
      `servers:\n  - name: team-tools\n    url: http://127.0.0.1:9/mcp\n    auth:\n      type: bearer\n      token: ${token}\n`,
    );
    const r = await runCli(['chat', '--approval', 'yes', '--mcp-config', cfg], {
      env: { ...env, OPENAI_API_KEY: secret },
      input: `deploy ${CONFIG}\nsay ${secret} and ${token}\n`,
    });
    expect(r.code).toBe(0);
    const exportDir = join(env.home, 'exp');
    await runCli(['sessions', 'export', 'latest', '--format', 'json', '--output', join(env.home, 's.json')], { env });
    await runCli(['sessions', 'export', 'latest', '--format', 'markdown', '--output', join(env.home, 's.md')], { env });
    await runCli(['sessions', 'export', 'latest', '--output', exportDir], { env });
    for (const value of [secret, token]) {
      // The config file itself is the only place the token may be.
      const grep = spawnSync('grep', ['-r', '-l', '--exclude=mcp.yaml', value, env.home], { encoding: 'utf8' });
      expect(grep.stdout).toBe('');
    }
    expect(readFileSync(join(env.home, 's.md'), 'utf8')).toContain('[REDACTED]');
    expect(existsSync(join(env.home, 's.md'))).toBe(true);
  }, 180_000);
});
