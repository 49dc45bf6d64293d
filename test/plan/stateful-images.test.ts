// Database, cache and broker images given as spec.image without a Dockerfile run as what they
// are: a StatefulSet with a volume claim, the image's own probes and user, no autoscaler, no
// Ingress, no build pipeline.
import { describe, expect, it } from 'vitest';
import { appDeploymentSchema, type AppDeploymentInput } from '../../src/app-config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';
import { statefulImage } from '../../src/dockerfile/stateful-images.js';
import { buildStatefulSet } from '../../mcp/k8s-manifest-generator/tools/generate-statefulset.js';
import { Redactor } from '../../src/sessions/redact.js';

function imageOnly(image: string, spec: Partial<AppDeploymentInput['spec']> = {}) {
  return appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: 'data' },
    spec: { image, ...spec },
  });
}

const enabled = (p: ReturnType<typeof buildPlan>) => p.components.filter((c) => c.enabled).map((c) => c.id);
const tools = (p: ReturnType<typeof buildPlan>) => p.steps.map((s) => s.tool);

/** The pod spec generate_statefulset writes for a plan. */
function podOf(p: ReturnType<typeof buildPlan>) {
  const r = buildStatefulSet(p.app, p.app.stateful!);
  const sts = r.files.flatMap((f) => f.objects as any[]).find((o) => o.kind === 'StatefulSet');
  return { sts, files: r.files, container: sts.spec.template.spec.containers[0], pod: sts.spec.template.spec };
}

const FAMILIES = [
  { image: 'postgres:16', probe: 'exec', command: 'pg_isready', port: 5432, uid: 999, secret: 'POSTGRES_PASSWORD' },
  {
    image: 'postgres:16-alpine',
    probe: 'exec',
    command: 'pg_isready',
    port: 5432,
    uid: 70,
    secret: 'POSTGRES_PASSWORD',
  },
  { image: 'mysql:8.4', probe: 'exec', command: 'mysqladmin', port: 3306, uid: 999, secret: 'MYSQL_ROOT_PASSWORD' },
  {
    image: 'mariadb:11',
    probe: 'exec',
    command: 'mariadb-admin',
    port: 3306,
    uid: 999,
    secret: 'MARIADB_ROOT_PASSWORD',
  },
  {
    image: 'docker.io/library/redis:7.2',
    probe: 'exec',
    command: 'redis-cli',
    port: 6379,
    uid: 999,
    secret: 'REDIS_PASSWORD',
  },
  { image: 'valkey/valkey:8', probe: 'exec', command: 'valkey-cli', port: 6379, uid: 999, secret: 'VALKEY_PASSWORD' },
  { image: 'mongo:7', probe: 'tcp', port: 27017, uid: 999, secret: 'MONGO_INITDB_ROOT_PASSWORD' },
  {
    image: 'rabbitmq:3.13-management',
    probe: 'exec',
    command: 'rabbitmq-diagnostics',
    port: 5672,
    uid: 999,
    secret: 'RABBITMQ_DEFAULT_PASS',
  },
  { image: 'apache/kafka:3.8.0', probe: 'tcp', port: 9092, uid: 1000 },
  { image: 'nats:2.10', probe: 'http', port: 4222, uid: 1000 },
  {
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0',
    probe: 'tcp',
    port: 9200,
    uid: 1000,
    secret: 'ELASTIC_PASSWORD',
  },
  {
    image: 'opensearchproject/opensearch:2',
    probe: 'tcp',
    port: 9200,
    uid: 1000,
    secret: 'OPENSEARCH_INITIAL_ADMIN_PASSWORD',
  },
  { image: 'quay.io/minio/minio:latest', probe: 'http', port: 9000, uid: 1000, secret: 'MINIO_ROOT_PASSWORD' },
];

describe.each(FAMILIES)('image-only $image', (f) => {
  const p = buildPlan({ config: imageOnly(f.image) });

  it('is planned as a StatefulSet with no HPA, KEDA, Ingress, Tekton or operator', () => {
    expect(tools(p)).toContain('generate_statefulset');
    expect(tools(p)).not.toContain('generate_deployment');
    for (const id of ['hpa', 'keda', 'cicd', 'ingress', 'database', 'rollout']) expect(enabled(p)).not.toContain(id);
    expect(tools(p)).not.toEqual(expect.arrayContaining(['generate_tekton_pipeline']));
    expect(tools(p)).not.toContain('configure_load_balancer');
    expect(p.components.find((c) => c.id === 'deployment')!.reasons[0].text).toMatch(
      new RegExp(`^StatefulSet ← .* is a (database|cache|broker|search engine|object store) image$`),
    );
    expect(p.app.scaling.minReplicas).toBe(1);
  });

  it('gets a VirtualService only when it serves HTTP: its routes would match no TCP traffic', () => {
    const http = p.app.ports.some((port) => port.protocol !== 'TCP' && port.protocol !== 'UDP');
    expect(tools(p).includes('generate_virtual_service')).toBe(http);
    if (f.image.startsWith('postgres')) expect(http).toBe(false);
    expect(tools(p)).toEqual(expect.arrayContaining(['generate_destination_rule', 'configure_mtls']));
  });

  it(`probes the ${f.probe === 'exec' ? f.command : f.probe} way on its own port ${f.port}, as its own user, with a volume claim`, () => {
    const { sts, container, pod } = podOf(p);
    expect(sts.kind).toBe('StatefulSet');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('data-headless');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    const key = { exec: 'exec', tcp: 'tcpSocket', http: 'httpGet' }[f.probe as 'exec' | 'tcp' | 'http'];
    expect(Object.keys(container.readinessProbe)).toContain(key);
    if (f.command) expect(JSON.stringify(container.readinessProbe.exec.command)).toContain(f.command);
    for (const probe of [container.readinessProbe, container.livenessProbe])
      expect(probe.httpGet?.path ?? '').not.toBe('/');
    expect(container.ports.map((x: { containerPort: number }) => x.containerPort)).toContain(f.port);
    expect(pod.securityContext).toMatchObject({ runAsUser: f.uid, fsGroup: expect.any(Number) });
    const secretRefs = (container.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef);
    if (f.secret)
      expect(secretRefs).toContainEqual({
        name: f.secret,
        valueFrom: { secretKeyRef: { name: 'data-credentials', key: 'password' } },
      });
    else expect(secretRefs).toEqual([]);
  });
});

describe('stateful images: the config and the rest of the plan', () => {
  it('the volume size comes from spec.resources.storage', () => {
    const p = buildPlan({ config: imageOnly('postgres:16', { resources: { storage: '50Gi' } }) });
    expect(podOf(p).sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('50Gi');
  });

  it('a credentials Secret named in secretsRequired is referenced, not generated', () => {
    const generated = podOf(buildPlan({ config: imageOnly('postgres:16') })).files.flatMap((f) => f.objects as any[]);
    expect(generated.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['data-credentials']);
    const p = buildPlan({ config: imageOnly('postgres:16', { secretsRequired: ['data-credentials'] }) });
    expect(
      podOf(p)
        .files.flatMap((f) => f.objects as any[])
        .filter((o) => o.kind === 'Secret'),
    ).toEqual([]);
    expect(podOf(p).container.env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'data-credentials', key: 'password' } },
    });
  });

  it('a high-availability requirement cannot make a single primary three: it stays 1 and the plan says why', () => {
    const p = buildPlan({ config: imageOnly('postgres:16', { requirements: ['High availability required'] }) });
    expect(p.app.scaling.minReplicas).toBe(1);
    expect(p.warnings.join('\n')).toMatch(/runs one primary: the StatefulSet keeps 1 replica, not 3/);
  });

  it('the PDB lets a drain move the one primary, and the plan says so', () => {
    const p = buildPlan({ config: imageOnly('redis:7.2-alpine') });
    expect(enabled(p)).toContain('pdb');
    expect(p.components.find((c) => c.id === 'pdb')!.reasons[0].text).toMatch(/maxUnavailable 1.*drain/);
  });

  it('an image-only app that is not a database gets a Deployment but still no build pipeline', () => {
    const p = buildPlan({
      config: imageOnly('ghcr.io/example/web:1.0', { ports: [{ port: 8080, protocol: 'HTTP' }] }),
    });
    expect(p.app.stateful).toBeUndefined();
    expect(tools(p)).toContain('generate_deployment');
    expect(enabled(p)).not.toContain('cicd');
    expect(p.components.find((c) => c.id === 'cicd')!.reasons[0].text).toMatch(/no Dockerfile/);
  });

  it('a Dockerfile FROM postgres builds an app of its own: no StatefulSet', () => {
    const p = buildPlan({
      config: appDeploymentSchema.parse({
        apiVersion: 'kaptainkube.dev/v1',
        kind: 'AppDeployment',
        metadata: { name: 'data' },
        spec: { dockerfile: './Dockerfile', image: 'postgres:16' },
      }),
    });
    expect(p.app.stateful).toBeUndefined();
  });

  it('the app context survives the transcript redactor unchanged, so a recorded call is not proposed again', () => {
    // A field named like a credential would have its value hidden in the transcript; the planner then sees
    // different arguments on every move and calls the tool again forever.
    for (const image of ['postgres:16', 'redis:7.2', 'rabbitmq:3.13', 'minio/minio:latest']) {
      const app = buildPlan({ config: imageOnly(image) }).app;
      expect(new Redactor().value(app)).toBe(app);
    }
  });

  it('statefulImage knows the families and nothing else', () => {
    expect(statefulImage('postgres')?.family).toBe('postgres');
    expect(statefulImage('registry-1.docker.io/library/redis:7')?.family).toBe('redis');
    expect(statefulImage('index.docker.io/library/redis:7@sha256:abc')?.family).toBe('redis');
    expect(statefulImage('nginx:1.27')).toBeUndefined();
    expect(statefulImage('ghcr.io/example/postgres-backup:1')).toBeUndefined();
  });
});
