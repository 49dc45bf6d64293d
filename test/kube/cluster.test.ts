import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyManifestSet,
  applyObjects,
  applyOrder,
  ApplyConflict,
  discover,
  dryRunAndDiff,
  loadKube,
  missingKinds,
  prune,
  RolloutTimeout,
  watchRollout,
} from '../../src/kube/index.js';
import { registry } from '../../src/plan/registry.js';
import type { KubeTarget } from '../../src/kube/client.js';
import { FakeApiServer, makeCa } from './fake-apiserver.js';
import { generate } from '../helpers/generate.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = 'cluster-token-abc123';
let api: FakeApiServer;
let target: KubeTarget;

beforeAll(async () => {
  api = new FakeApiServer({
    token: TOKEN,
    crds: {
      'cert-manager.io/v1': ['Certificate', 'Issuer'],
      'monitoring.coreos.com/v1': ['ServiceMonitor', 'PrometheusRule'],
    },
    conflicts: { 'ConfigMap/taken': { field: '.data.mode', manager: 'helm' } },
    crashing: ['crashy'],
    namespaces: ['demo'],
  });
  await api.start();
  const loaded = loadKube({ kubeconfig: api.kubeconfig() });
  if ('missing' in loaded) throw new Error(loaded.reason);
  target = loaded.target;
}, 30_000);
afterAll(async () => api.stop());

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'demo' },
  data,
});
const dep = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'demo' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x:1' }] } },
  },
});

describe('kubeconfig, credentials and TLS', () => {
  it('no kubeconfig is a clear message that offers --generate-only', () => {
    const r = loadKube({}, { KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(r).toMatchObject({ missing: true });
    expect('missing' in r && r.reason).toMatch(/no kubeconfig at \/nonexistent\/kubeconfig; use --generate-only/);
  });

  it("requests carry the token and trust the kubeconfig's CA", async () => {
    const r = await target.request('GET', '/version');
    expect(r.status).toBe(200);
    expect(api.requests.at(-1)!.auth).toBe(`Bearer ${TOKEN}`);
  });

  it('a CA that did not sign the server fails; skip-verify only when the kubeconfig says so', async () => {
    const other = makeCa(mkdtempSync(join(tmpdir(), 'kk-ca-')));
    const wrong = loadKube({ kubeconfig: api.kubeconfig({ ca: other.ca }) });
    if ('missing' in wrong) throw new Error(wrong.reason);
    await expect(wrong.target.request('GET', '/version')).rejects.toThrow(/cannot reach the cluster/);
    const insecure = loadKube({ kubeconfig: api.kubeconfig({ insecure: true }) });
    if ('missing' in insecure) throw new Error(insecure.reason);
    expect((await insecure.target.request('GET', '/version')).status).toBe(200);
  });
});

describe('capabilities', () => {
  it('reports which components the cluster can take, and names the objects it cannot', async () => {
    const cap = await discover(target, registry.apiNeeds());
    expect(cap.version).toBe('v1.31.0');
    const byName = Object.fromEntries(cap.components.map((c) => [c.component, c.present]));
    expect(byName).toMatchObject({
      certificates: true,
      monitoring: true,
      'service-mesh': false,
      keda: false,
      rollout: false,
    });
    const g = await generate('blog-api');
    const missing = missingKinds(cap, g.objects as never, registry.apiNeeds());
    expect(missing.find((m) => m.kind === 'VirtualService')).toMatchObject({
      component: 'service-mesh',
      objects: ['VirtualService/blog-api'],
    });
    expect(missing.some((m) => m.kind === 'Certificate')).toBe(false);
    const report = await applyManifestSet({
      kubeconfig: api.kubeconfig(),
      objects: g.objects as never,
      dryRun: true,
      app: 'blog-api',
      needs: registry.apiNeeds(),
    });
    expect(report.errors.join('\n')).toContain('--disable-component service-mesh');
    expect(api.applied).toEqual([]);
  }, 60_000);
});

describe('dry run, diff and apply', () => {
  it('orders namespace, RBAC, config, workloads, then CRD-backed objects', () => {
    const order = applyOrder([
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'sm' } },
      dep('web'),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' } },
      cm('c'),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
    ]).map((o) => o.kind);
    expect(order).toEqual(['Namespace', 'ServiceAccount', 'Role', 'ConfigMap', 'Deployment', 'ServiceMonitor']);
  });

  it('server-side dry run shows creates, then a diff against the live object; nothing is stored by a dry run', async () => {
    const first = await dryRunAndDiff(target, [cm('settings', { mode: 'a' })], 'demo');
    expect(first.objects[0]).toMatchObject({ ref: 'ConfigMap/demo/settings', action: 'create' });
    expect(api.applied).not.toContain('ConfigMap/settings');
    await applyObjects(target, [cm('settings', { mode: 'a' })], 'demo');
    expect(api.requests.some((r) => r.method === 'PATCH' && r.path.includes('fieldManager=kaptain-kube'))).toBe(true);
    const second = await dryRunAndDiff(target, [cm('settings', { mode: 'b' })], 'demo');
    expect(second.objects[0].action).toBe('update');
    expect(second.objects[0].diff).toContain('-  mode: a');
    expect(second.objects[0].diff).toContain('+  mode: b');
    expect(second.objects[0].diff).not.toContain('managedFields');
    // Everything applied carries the prune label.
    expect(
      api.store.get('/api/v1/namespaces/demo/configmaps/settings').metadata.labels['kaptainkube.dev/applied-by'],
    ).toBe('demo');
  });

  it('a conflict names the field and the manager, and --force-conflicts takes over', async () => {
    const err = await applyObjects(target, [cm('taken')], 'demo').catch((e) => e);
    expect(err).toBeInstanceOf(ApplyConflict);
    expect(err.message).toBe(
      'ConfigMap/demo/taken: conflicts with helm on .data.mode. Re-run with --force-conflicts to take these fields over.',
    );
    const forced = await applyObjects(target, [cm('taken')], 'demo', { force: true });
    expect(forced.applied).toEqual(['ConfigMap/demo/taken']);
  });
});

describe('namespaces', () => {
  it('the API test double refuses an object whose Namespace does not exist, as the API server does', async () => {
    const err = await applyObjects(
      target,
      [{ ...cm('early'), metadata: { name: 'early', namespace: 'not-yet' } }],
      'demo',
    ).catch((e) => e);
    expect(err.message).toBe('ConfigMap/not-yet/early: namespaces "not-yet" not found');
  });

  it('a dry run of a set that creates its Namespace shows its objects as created instead of failing', async () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } };
    const inFresh = { ...cm('settings'), metadata: { name: 'settings', namespace: 'fresh' } };
    const dry = await dryRunAndDiff(target, [inFresh, ns], 'fresh');
    expect(dry.errors).toEqual([]);
    expect(dry.objects.map((o) => `${o.action} ${o.ref}`)).toEqual([
      'create Namespace/fresh',
      'create ConfigMap/fresh/settings',
    ]);
    expect(dry.objects[1].diff).toContain('+  namespace: fresh');
    expect((await applyObjects(target, [inFresh, ns], 'fresh')).applied).toEqual([
      'Namespace/fresh',
      'ConfigMap/fresh/settings',
    ]);
  });
});

describe('prune (opt-in)', () => {
  it('deletes only what an earlier run applied for the app and this set no longer has', async () => {
    await applyObjects(target, [cm('keep-me'), cm('old-one')], 'shop');
    await applyObjects(target, [cm('not-ours')], 'other-app');
    const dry = await prune(target, 'shop', [cm('keep-me')], { dryRun: true, namespace: 'demo' });
    expect(dry).toEqual(['ConfigMap/old-one']);
    expect(api.deleted).toEqual([]);
    await prune(target, 'shop', [cm('keep-me')], { dryRun: false, namespace: 'demo' });
    expect(api.deleted).toEqual(['/api/v1/namespaces/demo/configmaps/old-one']);
    expect(api.store.has('/api/v1/namespaces/demo/configmaps/not-ours')).toBe(true);
  });
});

describe('rollout watch', () => {
  it('reports progress until Available', async () => {
    await applyObjects(target, [dep('web', 2)], 'demo');
    const seen: number[] = [];
    const p = await watchRollout(target, {
      namespace: 'demo',
      name: 'web',
      timeoutSeconds: 10,
      intervalMs: 10,
      onProgress: (x) => seen.push(x.available),
    });
    expect(p).toMatchObject({ replicas: 2, available: 2 });
    expect(seen).toEqual([0, 1, 2]);
  });

  it('times out with the reason pods fail', async () => {
    await applyObjects(target, [dep('crashy', 1)], 'demo');
    const err = await watchRollout(target, {
      namespace: 'demo',
      name: 'crashy',
      timeoutSeconds: 0.2,
      intervalMs: 20,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(RolloutTimeout);
    expect(err.message).toMatch(
      /^Deployment demo\/crashy was not Available after 0\.2s \(0\/1 available\): pod crashy-7d9f-abcde container crashy: CrashLoopBackOff/,
    );
    expect(err.reasons).toContain('pod crashy-7d9f-abcde container crashy last exited 1 (Error)');
  });
});
