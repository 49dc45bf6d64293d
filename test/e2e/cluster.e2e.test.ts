// The same flow against a real cluster, opt-in: set KAPTAIN_E2E_KUBECONFIG to a
// kubeconfig whose current context may be written to. Without it the suite is skipped.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const kubeconfig = process.env.KAPTAIN_E2E_KUBECONFIG;

describe.skipIf(!kubeconfig)('real cluster (set KAPTAIN_E2E_KUBECONFIG to run)', () => {
  const args = ['--kubeconfig', kubeconfig ?? '', '--disable-component', 'service-mesh,certificates,monitoring,alerts,dashboard,tracing,logging,keda,vpa,rollout,cicd,argocd,database,pod-security', '--timeout', '300'];

  it('dry-runs, applies and waits for the rollout of the static site', async () => {
    const diff = await runCli(['deploy', 'fixtures/static-site/app-config.yaml', '--diff', ...args], { timeoutMs: 300_000 });
    expect(diff.code, diff.stderr).toBe(0);
    const apply = await runCli(['deploy', 'fixtures/static-site/app-config.yaml', '--yes', ...args], { timeoutMs: 600_000 });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('is Available');
  }, 900_000);
});
