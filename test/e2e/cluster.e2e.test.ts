// The same flow against a real cluster, opt-in: set KAPTAIN_E2E_KUBECONFIG to a
// kubeconfig whose current context may be written to. Without it the suite is skipped.
// docs/cluster.md says how to prepare kind or k3d (images, operators) for it.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/generate.js';

const kubeconfig = process.env.KAPTAIN_E2E_KUBECONFIG;
/**
 * Components whose operators the cluster lacks; the default suits a bare kind or k3d cluster.
 * `secrets` too: the tree only references the Secrets an app reads, and a fresh cluster has none.
 */
const disabled =
  process.env.KAPTAIN_E2E_DISABLE ??
  'secrets,service-mesh,certificates,monitoring,alerts,dashboard,tracing,logging,keda,vpa,rollout,cicd,argocd,database';
/** Images built from each fixture's Dockerfile and loaded into the cluster as `<prefix>/<fixture>:e2e`. */
const imagePrefix = process.env.KAPTAIN_E2E_IMAGE_PREFIX ?? 'kaptain-e2e';

describe.skipIf(!kubeconfig)('real cluster (set KAPTAIN_E2E_KUBECONFIG to run)', () => {
  const args = ['--kubeconfig', kubeconfig ?? '', '--disable-component', disabled, '--timeout', '300'];

  // Every fixture's tree, applied as generated, must end with Ready pods.
  for (const fixture of FIXTURES) {
    it(`${fixture}: dry-runs, applies and waits until its pods are Ready`, async () => {
      const config = `fixtures/${fixture}/app-config.yaml`;
      const image = ['--image', `${imagePrefix}/${fixture}:e2e`];
      const diff = await runCli(['deploy', config, '--diff', ...image, ...args], { timeoutMs: 300_000 });
      expect(diff.code, diff.stderr).toBe(0);
      const apply = await runCli(['deploy', config, '--yes', ...image, ...args], { timeoutMs: 600_000 });
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toContain('is Available');
    }, 900_000);
  }
});
