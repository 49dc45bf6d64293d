// What the generated trees do when applied as written: the credentials the app reads, and
// the reachability matrix `kaptain-kube check --explain` prints for apps with dependencies.
// The CLI cases spawn the built CLI (build first).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { generate } from '../helpers/generate.js';
import { writeTree } from './trees.js';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

describe('blog-api: the app gets database credentials in the form it reads', () => {
  it('DATABASE_URL (baked into the image with user blog) is rebuilt from the operator Secret, for the user and database the operator creates', async () => {
    const g = await generate('blog-api');
    const dep = g.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'blog-api')!;
    const env = (dep.spec.template.spec.containers[0].env ?? []) as Env[];
    const pg = g.objects.find((o) => o.kind === 'postgresql')!;
    // The operator creates the database blog_api owned by its user; Zalando names that user's Secret <user>.<cluster>.credentials…
    const [database, owner] = Object.entries(pg.spec.databases as Record<string, string>)[0];
    expect(database).toBe('blog_api');
    expect(Object.keys(pg.spec.users)).toContain(owner);
    const secret = `${owner}.${pg.metadata.name}.credentials.postgresql.acid.zalan.do`;
    const names = env.map((e) => e.name);
    expect(env.find((e) => e.name === 'DB_USER')!.valueFrom!.secretKeyRef).toEqual({ name: secret, key: 'username' });
    expect(env.find((e) => e.name === 'DB_PASSWORD')!.valueFrom!.secretKeyRef).toEqual({
      name: secret,
      key: 'password',
    });
    const url = env.find((e) => e.name === 'DATABASE_URL')!;
    expect(url.value).toBe(`postgres://$(DB_USER):$(DB_PASSWORD)@${pg.metadata.name}:5432/${database}`);
    // $(VAR) expands only variables defined earlier in the list.
    expect(names.indexOf('DATABASE_URL')).toBeGreaterThan(names.indexOf('DB_PASSWORD'));
    expect(names.indexOf('DATABASE_URL')).toBeGreaterThan(names.indexOf('DB_USER'));
    // No literal user from the image is left anywhere in the app's env.
    expect(JSON.stringify(env)).not.toContain('blog@');
  }, 60_000);
});

/** Rows of the matrix as [verdict, flow, to, port]. */
function matrix(stdout: string): { verdict: string; flow: string; line: string }[] {
  const body = stdout.split('\nReachability')[1]?.split('\n').slice(2) ?? [];
  return body
    .filter((l) => /^(allowed|denied|ALLOWED!|DENIED!)\s/.test(l))
    .map((l) => {
      const [verdict, flow] = l.split(/\s+/);
      return { verdict, flow, line: l };
    });
}

describe('kaptain-kube check --explain on generated trees: dependencies reachable, everything else denied', () => {
  const cases: { fixture: string; args: (dir: string) => string[]; dependency: RegExp }[] = [
    {
      fixture: 'blog-api',
      args: () => ['--dockerfile', join(REPO, 'fixtures', 'blog-api', 'Dockerfile'), '--app', 'blog-api'],
      dependency: /dependency\s+Deployment\/blog-api .*postgresql\/blog-api-db .*TCP\/5432/,
    },
    {
      fixture: 'python-api',
      args: () => ['--dockerfile', join(REPO, 'fixtures', 'python-api', 'Dockerfile'), '--app', 'inventory-api'],
      dependency: /dependency\s+Deployment\/inventory-api .*inventory-cache .*TCP\/6379 .*REDIS_URL/,
    },
    // The broker's address is in a Secret, so the user names it, as they would for their cluster.
    {
      fixture: 'queue-worker',
      args: () => ['--dependency', 'rabbitmq=rabbitmq.messaging.svc.cluster.local:5672'],
      dependency: /dependency\s+Deployment\/order-worker .*rabbitmq\.messaging.* .*TCP\/5672 .*dependency rabbitmq/,
    },
  ];
  it.each(cases)(
    '$fixture',
    async ({ fixture, args, dependency }) => {
      const g = await generate(fixture);
      const dir = writeTree(Object.fromEntries(g.files));
      // The whole tree: the collector the app sends traces to lives in monitoring/.
      const r = await runCli(['check', dir, '--explain', ...args(dir)]);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n').filter((l) => /: error: /.test(l))).toEqual([]);
      expect(r.code).toBe(0);
      const rows = matrix(r.stdout);
      expect(rows.length).toBeGreaterThan(3);
      // The dependency the app exists to talk to is reachable.
      expect(rows.filter((x) => dependency.test(x.line)).map((x) => x.verdict)).toEqual(['allowed']);
      // Every implied flow is allowed; every probe of something nothing needs is denied.
      for (const row of rows)
        expect([row.flow, row.verdict, row.line]).toEqual([
          row.flow,
          row.flow === 'unlisted' ? 'denied' : 'allowed',
          row.line,
        ]);
      expect(rows.filter((x) => x.flow === 'unlisted').length).toBeGreaterThan(0);
      expect(r.stdout).toMatch(/: 0 errors, /);
    },
    60_000,
  );
});

describe('progressive delivery only on request: no zero-pod trap without Argo Rollouts', () => {
  it('python-api asks for no canary: a plain Deployment runs the pods, the HPA and the availability alert follow it', async () => {
    const g = await generate('python-api');
    expect(g.objects.filter((o) => o.kind === 'Rollout')).toEqual([]);
    const dep = g.objects.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.replicas).not.toBe(0);
    expect(g.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec.scaleTargetRef).toMatchObject({
      kind: 'Deployment',
      name: dep.metadata.name,
    });
    expect(g.files.get('monitoring/prometheus-rules.yaml')).toContain('kube_deployment_status_replicas_available');
  }, 60_000);

  it('blog-api asks for canary releases: the Rollout runs the pods, and the availability alert watches the Rollout', async () => {
    const g = await generate('blog-api');
    expect(g.objects.find((o) => o.kind === 'Rollout')!.spec.workloadRef).toMatchObject({
      kind: 'Deployment',
      name: 'blog-api',
    });
    expect(g.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec.scaleTargetRef).toMatchObject({
      kind: 'Rollout',
    });
    const rules = g.files.get('monitoring/prometheus-rules.yaml')!;
    expect(rules).toContain('rollout_info_replicas_available{namespace="blog-api", name="blog-api"}');
    expect(rules).not.toContain('kube_deployment_status_replicas_available');
  }, 60_000);
});

describe('the mesh mode is explicit and STRICT mTLS keeps un-meshed callers working', () => {
  it('blog-api: sidecar-cni on the Namespace; PERMISSIVE only on the port Kong and Prometheus reach; CI in its own baseline namespace', async () => {
    const g = await generate('blog-api');
    const nss = g.objects.filter((o) => o.kind === 'Namespace');
    const app = nss.find((o) => o.metadata.name === 'blog-api')!;
    expect(app.metadata.annotations).toEqual({ 'kaptainkube.dev/mesh-mode': 'sidecar-cni' });
    expect(app.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'istio-injection': 'enabled',
    });
    const pa = g.objects.find((o) => o.kind === 'PeerAuthentication')!;
    expect(pa.spec.mtls).toEqual({ mode: 'STRICT' });
    expect(pa.spec.portLevelMtls).toEqual({ 3000: { mode: 'PERMISSIVE' } });
    const ci = nss.find((o) => o.metadata.name === 'blog-api-ci')!;
    expect(ci.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(ci.metadata.labels).not.toHaveProperty('istio-injection');
    expect(
      g.objects
        .filter((o) => o.apiVersion.startsWith('tekton.dev') || o.apiVersion.startsWith('triggers.tekton.dev'))
        .map((o) => o.metadata.namespace),
    ).toEqual(expect.arrayContaining(['blog-api-ci']));
    expect(
      new Set(g.objects.filter((o) => o.apiVersion.includes('tekton.dev')).map((o) => o.metadata.namespace)),
    ).toEqual(new Set(['blog-api-ci']));
  }, 60_000);
});

describe('the default deny covers the whole namespace', () => {
  it('blog-api: podSelector {} for both directions, and the database pods are opened for the app, each other and the operator only', async () => {
    const g = await generate('blog-api');
    const np = g.objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(np.find((o) => o.metadata.name === 'blog-api-default-deny')!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const db = np.find((o) => o.metadata.name === 'blog-api-allow-database')!;
    expect(db.spec.podSelector).toEqual({ matchLabels: { 'cluster-name': 'blog-api-db' } });
    expect(db.spec.ingress.map((r: { from: unknown[] }) => r.from)).toEqual([
      [
        {
          podSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'blog-api', 'app.kubernetes.io/instance': 'blog-api' },
          },
        },
      ],
      [{ podSelector: { matchLabels: { 'cluster-name': 'blog-api-db' } } }],
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'postgres-operator' } } }],
    ]);
  }, 60_000);
});
