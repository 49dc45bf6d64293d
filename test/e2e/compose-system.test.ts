// fixtures/compose-shop → init → one deploy of the whole system: one plan, each app in
// its own folder, shared objects once, NetworkPolicies that let each app be reached by
// exactly the apps that depend on it, Postgres through its operator, and a tree that
// passes schema and readiness validation and `kaptain-kube check`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTexts } from '../../src/manifests/check/index.js';
import { finishInit, prepareInit } from '../../src/init/run.js';
import { generateSystem } from '../helpers/generate-system.js';
import { generateLoaded } from '../helpers/generate.js';
import { loadAppConfig } from '../../src/app-config/index.js';
import { REPO } from '../helpers/cli.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';
import { copyFixture } from '../init/helpers.js';

type Peer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port: number }[] };

const who = (labels: Record<string, string> | undefined) =>
  labels?.['app.kubernetes.io/name'] ?? labels?.['cluster-name'] ?? labels?.['app.kubernetes.io/component'];

describe('compose-shop deployed as one system', () => {
  let run: Awaited<ReturnType<typeof generateSystem>>;
  const policies = () => run.objects.filter((o) => o.kind === 'NetworkPolicy');

  beforeAll(async () => {
    const dir = copyFixture('compose-shop');
    const init = await prepareInit(dir, { yes: true });
    const written = await finishInit(init);
    run = await generateSystem(written.map((f) => f.path));
  }, 120_000);

  it('runs every generator without a failure and validates the whole set once, with no errors', () => {
    expect(run.failures).toEqual([]);
    expect(run.validations).toBe(1);
    expect(run.validation.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.validation.valid).toBe(true);
    expect(run.plans.map((p) => p.app.name)).toEqual(['web', 'api', 'worker']);
  });

  it('announces one plan for the system, with the flows between the apps', () => {
    const plans = run.state.messages.filter((m) => m.role === 'assistant');
    expect(plans).toHaveLength(1);
    expect(plans[0].text).toMatch(/^Plan for the system \(3 apps: web, api, worker; namespace shop\)/);
    expect(plans[0].text).toContain('web → api (TCP 3000, 9464)');
  });

  it("puts each app's files in its own folder and the namespace's objects once, in the shared files", () => {
    for (const app of ['web', 'api', 'worker'])
      expect(run.files.has(`k8s-manifests/${app}/04-deployment.yaml`), app).toBe(true);
    expect(run.files.has('k8s-manifests/04-deployment.yaml')).toBe(false);
    const shared = run.objects.filter((o) => o.file === 'k8s-manifests/01-namespace.yaml');
    expect(shared.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      'ResourceQuota/shop-quota',
      'LimitRange/shop-limits',
    ]);
    // Shared objects name no single app.
    expect(shared[0].metadata.labels?.['app.kubernetes.io/name']).toBeUndefined();
    const names = run.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(names.sort()).toEqual(['shop', 'shop-ci']);
    expect(run.objects.filter((o) => o.kind === 'ResourceQuota')).toHaveLength(1);
    const denies = policies().filter((o) => o.spec.ingress === undefined && o.spec.egress === undefined);
    expect(denies.map((o) => `${o.file} ${o.metadata.name}`)).toEqual([
      'k8s-manifests/10-networkpolicy.yaml default-deny',
    ]);
  });

  it('the quota has room for every app: the sum of what each app asked for', () => {
    const quota = run.objects.find((o) => o.kind === 'ResourceQuota')!;
    expect(Number(quota.spec.hard.pods)).toBe(75);
  });

  it('lets each app (and each database) be reached by exactly the apps that depend on it', () => {
    const reached = new Map<string, Set<string>>();
    for (const p of policies()) {
      const target = who(p.spec.podSelector?.matchLabels);
      for (const rule of (p.spec.ingress ?? []) as Rule[])
        for (const from of rule.from ?? []) {
          // Nothing is opened to every pod of the namespace.
          if (from.podSelector && !from.namespaceSelector)
            expect(Object.keys(from.podSelector.matchLabels ?? {}), p.metadata.name).not.toHaveLength(0);
          const caller = from.podSelector && !from.namespaceSelector ? who(from.podSelector.matchLabels) : undefined;
          if (caller && caller !== target && target)
            reached.set(target, new Set([...(reached.get(target) ?? []), caller]));
        }
    }
    const apps = Object.fromEntries(
      [...reached]
        .filter(([to]) => !/otel|collector|jaeger/.test(to))
        .map(([to, from]) => [to, [...from].filter((f) => !/collector/.test(f)).sort()]),
    );
    expect(apps).toEqual({ api: ['web'], 'api-db': ['api'], 'worker-db': ['worker'] });
  });

  it('opens egress from a caller to the apps it calls, on their ports only', () => {
    const egress = policies().find((p) => p.metadata.name === 'web-allow-egress')!.spec.egress as Rule[];
    const toApi = egress.filter((r) => r.to?.some((t) => who(t.podSelector?.matchLabels) === 'api'));
    expect(toApi.map((r) => r.ports?.map((x) => x.port))).toEqual([[3000, 9464]]);
    const apiEgress = policies().find((p) => p.metadata.name === 'api-allow-egress')!.spec.egress as Rule[];
    expect(apiEgress.some((r) => r.to?.some((t) => who(t.podSelector?.matchLabels) === 'web'))).toBe(false);
  });

  it('runs Postgres through its operator, for each app that uses it', () => {
    const db = run.objects.filter((o) => o.kind === 'postgresql');
    expect(db.map((o) => `${o.file} ${o.metadata.name}`)).toEqual([
      'k8s-manifests/api/15-database.yaml api-db',
      'k8s-manifests/worker/15-database.yaml worker-db',
    ]);
  });

  it('passes kaptain-kube check: apply order, Pod Security admission, reachability, run-time references', () => {
    const result = checkTexts(run.files);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The file order `kubectl apply -R` uses reaches the shared Namespace first.
    expect([...run.files.keys()].sort()[0]).toBe(join('ci-cd', '00-tekton-pipeline.yaml'));
  });
});

describe('a single deploy', () => {
  it('ignores spec.connectsTo: the tree is the same with and without it', async () => {
    const loaded = await loadAppConfig(join(REPO, 'fixtures', 'blog-api', 'app-config.yaml'));
    setProjectRoot(loaded.dir);
    const plain = await generateLoaded(loaded);
    const withPeers = await generateLoaded({
      ...loaded,
      config: { ...loaded.config, spec: { ...loaded.config.spec, connectsTo: ['user-service'] } },
    });
    expect(plain.failures).toEqual([]);
    expect([...withPeers.files]).toEqual([...plain.files]);
    expect([...plain.files.keys()].some((p) => p.split('/').length > 2)).toBe(false);
  }, 60_000);
});
