// `deploy --resume ID|latest` continues what the session recorded: no CONFIG needed, and a
// CONFIG for another app is refused (exit 2) naming both apps instead of being ignored.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'kk-resume-config-'));
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
  KUBECONFIG: join(home, 'no-kubeconfig'),
};
const out = join(home, 'out');

describe('deploy --resume without CONFIG', () => {
  beforeAll(async () => {
    // Every call waits under "ask", and no one can answer here: the session stops at its first call.
    const r = await runCli(
      ['deploy', 'fixtures/blog-api/app-config.yaml', '--generate-only', '--output-dir', out, '--approval', 'ask'],
      { env, timeoutMs: 120_000 },
    );
    expect(r.stderr).toContain('a call is waiting for approval');
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('a CONFIG naming another app is refused with exit 2, both names shown, nothing run', async () => {
    const r = await runCli(['deploy', 'fixtures/static-site/app-config.yaml', '--resume', 'latest', '--yes'], {
      env,
      timeoutMs: 120_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"docs-site"/);
    expect(r.stderr).toMatch(/"blog-api"/);
    expect(r.stderr).not.toMatch(/at .*\.(m?js|ts):\d+/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('--resume latest takes the config, mode and output directory from the session', async () => {
    const r = await runCli(['deploy', '--resume', 'latest', '--yes'], { env, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'k8s-manifests', '04-deployment.yaml'))).toBe(true);
  }, 120_000);
});
