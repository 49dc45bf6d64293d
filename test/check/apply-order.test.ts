// Apply order: `kubectl apply -R` in lexical file order on an empty cluster. The same
// trees are applied, object by object in that order, to FakeApiServer (the Kubernetes
// API test double), which refuses objects whose Namespace does not exist yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKube, type KubeTarget } from '../../src/kube/client.js';
import { resourcePath } from '../../src/kube/paths.js';
import { loadTree } from '../../src/manifests/check/index.js';
import { FakeApiServer } from '../kube/fake-apiserver.js';
import { check, deployment, docs, namespace, writeTree } from './trees.js';

const ORDER = ['KK-CHK-APPLY-ORDER', 'KK-CHK-NAMESPACE-MISSING'];

const quota = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota
  namespace: shop
spec:
  hard: {"pods":"10"}
`;
// The cost generator's mistake: the quota first, the Namespace after it in the same file.
const broken = { '01-namespace.yaml': docs(quota, namespace('shop')), '02-deployment.yaml': deployment('web', 'shop') };
const fixed = { '01-namespace.yaml': docs(namespace('shop'), quota), '02-deployment.yaml': deployment('web', 'shop') };

describe('KK-CHK-APPLY-ORDER', () => {
  it('a namespaced object before its Namespace is an error at its file and line', () => {
    const r = check(broken, {}, ORDER);
    expect(r.at).toEqual(['01-namespace.yaml:1 KK-CHK-APPLY-ORDER']);
    expect(r.findings[0].message).toMatch(
      /ResourceQuota\/quota is applied before its Namespace shop \(.*01-namespace\.yaml:9\).*namespaces "shop" not found/,
    );
    expect(r.errors).toBe(1);
  });

  it('lexical path order decides: a directory that sorts first is applied first', () => {
    const r = check(
      { 'a-ci/task.yaml': deployment('ci', 'shop'), 'b-app/00-namespace.yaml': namespace('shop') },
      {},
      ORDER,
    );
    expect(r.at).toEqual(['a-ci/task.yaml:1 KK-CHK-APPLY-ORDER']);
  });

  it('a namespace that is not in the tree at all is a warning (it may exist)', () => {
    const r = check({ 'dep.yaml': deployment('web', 'elsewhere') }, {}, ORDER);
    expect(r.at).toEqual(['dep.yaml:1 KK-CHK-NAMESPACE-MISSING']);
    expect(r.errors).toBe(0);
  });

  it('the Namespace first passes', () => {
    expect(check(fixed, {}, ORDER).findings).toEqual([]);
  });
});

describe('the same trees applied in kubectl apply -R order to the API test double', () => {
  let api: FakeApiServer;
  let target: KubeTarget;
  beforeAll(async () => {
    api = new FakeApiServer({ token: 'order-token' });
    await api.start();
    const loaded = loadKube({ kubeconfig: api.kubeconfig() });
    if ('missing' in loaded) throw new Error(loaded.reason);
    target = loaded.target;
  }, 30_000);
  afterAll(async () => api.stop());

  /** What `kubectl apply --server-side -R -f DIR` does: every object in file order, failures collected. */
  async function applyR(dir: string): Promise<string[]> {
    const failures: string[] = [];
    for (const e of loadTree([dir]).entries) {
      const res = await target.request(
        'PATCH',
        `${resourcePath(e.obj as never, 'default')}?fieldManager=kubectl`,
        JSON.stringify(e.obj),
        { 'content-type': 'application/apply-patch+yaml' },
      );
      if (res.status >= 300)
        failures.push(`${e.file.slice(dir.length + 1)}:${e.line}: ${res.status} ${res.body?.message}`);
    }
    return failures;
  }

  it('the broken tree fails where check says it does; the fixed one applies', async () => {
    const dir = writeTree(broken);
    expect(await applyR(dir)).toEqual(['01-namespace.yaml:1: 404 namespaces "shop" not found']);
    expect(check(broken, {}, ORDER).at).toEqual(['01-namespace.yaml:1 KK-CHK-APPLY-ORDER']);
    const again = writeTree({
      ...fixed,
      '01-namespace.yaml': docs(namespace('shop2'), quota.replace('shop', 'shop2')),
      '02-deployment.yaml': deployment('web', 'shop2'),
    });
    expect(await applyR(again)).toEqual([]);
    expect(api.store.has('/apis/apps/v1/namespaces/shop2/deployments/web')).toBe(true);
  });
});
