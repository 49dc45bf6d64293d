// `deploy` against a cluster: the built CLI talks HTTPS to FakeApiServer (the API test double).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { generate } from '../helpers/generate.js';
import { FakeApiServer } from './fake-apiserver.js';

let full: FakeApiServer;
let bare: FakeApiServer;
beforeAll(async () => {
  // Serve every kind the static-site tree uses, so nothing is missing.
  const g = await generate('static-site');
  const crds: Record<string, string[]> = {};
  for (const o of g.objects)
    if (o.apiVersion.includes('.') && o.apiVersion.includes('/'))
      (crds[o.apiVersion] ??= []).includes(o.kind) || crds[o.apiVersion].push(o.kind);
  full = new FakeApiServer({ token: 't-0123456789', crds });
  bare = new FakeApiServer({ token: 't-0123456789' });
  await Promise.all([full.start(), bare.start()]);
}, 60_000);
afterAll(async () => Promise.all([full.stop(), bare.stop()]));

describe('deploy against a cluster', () => {
  it('--diff dry-runs every object server-side and changes nothing', async () => {
    const r = await runCli(
      ['deploy', 'fixtures/static-site/app-config.yaml', '--diff', '--kubeconfig', full.kubeconfig()],
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/create\s+Namespace\/docs-site/);
    expect(r.stdout).toContain('+kind: Deployment');
    expect(r.stdout).toContain('nothing changed');
    expect(full.applied).toEqual([]);
    expect(full.requests.some((q) => q.method === 'PATCH' && q.path.includes('dryRun=All'))).toBe(true);
  }, 120_000);

  it('--yes applies in dependency order with field manager kaptain-kube', async () => {
    const r = await runCli(
      ['deploy', 'fixtures/static-site/app-config.yaml', '--yes', '--kubeconfig', full.kubeconfig()],
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(full.applied[0]).toBe('Namespace/docs-site');
    expect(full.applied.indexOf('Deployment/docs-site')).toBeGreaterThan(full.applied.indexOf('Service/docs-site'));
    expect(full.applied.indexOf('Certificate/docs-site')).toBeGreaterThan(full.applied.indexOf('Deployment/docs-site'));
    expect(r.stdout).toMatch(/applied \d+ objects on fake/);
  }, 120_000);

  it('names missing CRDs before anything is applied, with the flag to leave them out', async () => {
    const r = await runCli(
      ['deploy', 'fixtures/static-site/app-config.yaml', '--yes', '--kubeconfig', bare.kubeconfig()],
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /the cluster does not serve cert-manager\.io\/v1 Certificate \(Certificate\/docs-site\): install it, or leave it out with --disable-component certificates/,
    );
    expect(bare.applied).toEqual([]);
  }, 120_000);

  it('without a kubeconfig it says so and offers --generate-only', async () => {
    const r = await runCli(['deploy', 'fixtures/static-site/app-config.yaml', '--yes'], {
      env: { KUBECONFIG: '/nonexistent/kubeconfig' },
      timeoutMs: 120_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no kubeconfig at /nonexistent/kubeconfig; use --generate-only');
  }, 120_000);
});
