// A deploy that will apply or diff checks the kubeconfig, its context and that the cluster
// answers before it proposes anything: it fails at once, with no session and no call made.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'kk-preconditions-'));
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
};
const sessions = () => {
  const dir = join(home, 'data', 'kaptain-kube', 'sessions');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [];
};

/** A port nothing listens on: taken, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function kubeconfig(server: string): string {
  const file = join(home, `kubeconfig-${server.replace(/\W/g, '')}`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: c, cluster: { server: "' + server + '" } }]',
      'users: [{ name: u, user: { token: t-0123456789 } }]',
      'contexts: [{ name: staging, context: { cluster: c, user: u } }]',
      'current-context: staging',
    ].join('\n'),
  );
  return file;
}

describe('deploy preconditions, before the first call', () => {
  it('a cluster that does not answer ends --yes and --diff at once', async () => {
    const config = kubeconfig(`https://127.0.0.1:${await closedPort()}`);
    for (const flag of ['--yes', '--diff']) {
      const r = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml', flag, '--kubeconfig', config], {
        env,
        timeoutMs: 60_000,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+/);
      expect(r.stdout).toBe('');
    }
    expect(sessions()).toEqual([]);
  }, 120_000);

  it('a --context the kubeconfig does not have ends the run at once, naming the ones it has', async () => {
    const config = kubeconfig('https://127.0.0.1:1');
    const r = await runCli(
      ['deploy', 'fixtures/blog-api/app-config.yaml', '--yes', '--kubeconfig', config, '--context', 'prod'],
      { env, timeoutMs: 60_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('context "prod" is not in the kubeconfig (have: staging)');
    expect(sessions()).toEqual([]);
  }, 120_000);
});
